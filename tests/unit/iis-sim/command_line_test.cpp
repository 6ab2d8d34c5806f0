// iis-sim's command line (docs/lab.md): what labctl passes, and usage errors (exit 2).
#include "iis-sim/command_line.h"

#include <gtest/gtest.h>

namespace iissim {
namespace {

TEST(CommandLine, ReadsTheLabInvocation) {
  std::string error;
  const auto options =
      parseCommandLine({"--config", "lab/iis-sim.json", "--urls-file", "lab/iis-sim.urls",
                        "--admin", "127.0.0.1:9000", "--verbose"},
                       &error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->configFile, "lab/iis-sim.json");
  EXPECT_EQ(options->urlsFile, "lab/iis-sim.urls");
  EXPECT_EQ(options->adminAddress, "127.0.0.1");
  EXPECT_EQ(options->adminPort, 9000u);
  EXPECT_TRUE(options->verbose);
}

TEST(CommandLine, AdminDefaultsToAFreeLoopbackPort) {
  std::string error;
  const auto options = parseCommandLine({"--config", "x.json"}, &error);
  ASSERT_TRUE(options) << error;
  EXPECT_EQ(options->adminAddress, "127.0.0.1");
  EXPECT_EQ(options->adminPort, 0u);
}

TEST(CommandLine, UsageErrorsSayWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parseCommandLine({}, &error));
  EXPECT_EQ(error, "--config FILE is required");
  EXPECT_FALSE(parseCommandLine({"--config"}, &error));
  EXPECT_EQ(error, "--config needs a value");
  EXPECT_FALSE(parseCommandLine({"--config", "x", "--port", "1"}, &error));
  EXPECT_EQ(error, "unknown argument \"--port\"");
  EXPECT_FALSE(parseCommandLine({"--config", "x", "--admin", "127.0.0.1"}, &error));
  EXPECT_EQ(error, "--admin needs ADDR:PORT with a numeric address, not \"127.0.0.1\"");
}

}  // namespace
}  // namespace iissim
