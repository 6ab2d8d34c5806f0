// Golden JUnit, JSON and console output for one run with a passing, a failing and an unrunnable
// scenario: what CI servers and people read.
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
}

TEST(Reports, JsonGolden) {
  std::ostringstream out;
  writeJsonReport(sampleRun(), out, {false});
  expectGolden(out.str(), "report.json");
  // And it is JSON a CI script can read back.
  const auto parsed = nlohmann::json::parse(out.str());
  EXPECT_EQ(parsed["summary"]["failed"], 1);
  EXPECT_EQ(parsed["scenarios"][1]["steps"][0]["legs"][1]["sent"], "NTLM/1");
}

TEST(Reports, ConsoleGolden) {
  std::ostringstream out;
  ConsoleReporter console(out, {});
  const auto run = sampleRun();
  for (const auto& scenario : run.scenarios)
    console.scenarioFinished(scenario);
  console.summary(run);
  expectGolden(out.str(), "console.txt");
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
