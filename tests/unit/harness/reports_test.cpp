// Golden JUnit, JSON and console output for one run with a passing, a failing, an unrunnable and a
// skipped scenario: what CI servers and people read.
#include <gtest/gtest.h>

#include <sstream>

#include "golden.h"
#include "report/console_reporter.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report_sample.h"

namespace authreplay::report {
namespace {

using testing::expectGolden;
using testing::sampleRun;

TEST(Reports, JunitGolden) {
  std::ostringstream out;
  writeJunitReport(sampleRun(), out);
  expectGolden(out.str(), "report.junit.xml");
  // A skipped scenario is a <skipped message=...>, never a failure or an error.
  EXPECT_NE(out.str().find("skipped=\"1\""), std::string::npos);
  EXPECT_NE(out.str().find("<skipped message=\"libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not "
                           "set)\"/>"),
            std::string::npos);
}

TEST(Reports, JsonGolden) {
  std::ostringstream out;
  writeJsonReport(sampleRun(), out, {false});
  expectGolden(out.str(), "report.json");
  // And it is JSON a CI script can read back.
  const auto parsed = nlohmann::json::parse(out.str());
  EXPECT_EQ(parsed["summary"]["failed"], 1);
  EXPECT_EQ(parsed["scenarios"][1]["steps"][0]["legs"][1]["sent"], "NTLM/1");
  EXPECT_EQ(parsed["summary"]["skipped"], 1);
  EXPECT_EQ(parsed["scenarios"][3]["outcome"], "skipped");
  EXPECT_EQ(parsed["scenarios"][3]["skipReason"],
            "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)");
  EXPECT_TRUE(parsed["scenarios"][3]["steps"].empty());
}

TEST(Reports, ConsoleGolden) {
  std::ostringstream out;
  ConsoleReporter console(out, {});
  const auto run = sampleRun();
  for (const auto& scenario : run.scenarios)
    console.scenarioFinished(scenario);
  console.summary(run);
  expectGolden(out.str(), "console.txt");
  EXPECT_NE(out.str().find("4 scenarios: 1 passed, 1 failed, 1 could not run, 1 skipped"),
            std::string::npos)
      << out.str();
}

TEST(Reports, ConsoleVerboseShowsHeadersWithTokensShortened) {
  std::ostringstream out;
  ConsoleReporter console(out, {true, {false}});
  console.scenarioFinished(sampleRun().scenarios[1]);
  EXPECT_NE(out.str().find("> Authorization: NTLM TlRMTVNTUAABAAAA...(44 chars)"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("< WWW-Authenticate: NTLM TlRMTVNTUAACAAAA...("), std::string::npos);
}

}  // namespace
}  // namespace authreplay::report
