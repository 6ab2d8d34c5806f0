// Golden JUnit, JSON and console output for one run with a passing, a failing, an unrunnable and a
// skipped scenario: what CI servers and people read.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "golden.h"
#include "report/console_reporter.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report/report_file.h"
#include "report_sample.h"

namespace authreplay::report {
namespace {

using testing::expectGolden;
using testing::sampleRun;

// Issue 15 part 3: a report path that could not be written is found before the run.
TEST(Reports, UnwritableReportPathsAreFoundBeforeTheRun) {
  namespace fs = std::filesystem;
  const auto dir =
      fs::temp_directory_path() / ("authreplay-report-check-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  using report::ReportFile;
  using report::ReportFormat;
  EXPECT_FALSE(
      report::unwritableReason(ReportFile{ReportFormat::kJson, (dir / "r.json").string()}));
  EXPECT_FALSE(fs::exists(dir / "r.json")) << "the check writes nothing";
  const auto missing = report::unwritableReason(
      ReportFile{ReportFormat::kJson, (dir / "no" / "such" / "r.json").string()});
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("does not exist"), std::string::npos) << *missing;
  const auto folder = report::unwritableReason(ReportFile{ReportFormat::kHtml, dir.string()});
  ASSERT_TRUE(folder);
  EXPECT_NE(folder->find("is a folder"), std::string::npos) << *folder;
  fs::remove_all(dir);
}

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

// The same run judged by sampleBaseline(): an expected failure, a fixed scenario, an error the
// baseline does not excuse.
TEST(Reports, JunitBaselineGolden) {
  std::ostringstream out;
  writeJunitReport(testing::sampleRunJudged(false), out);
  expectGolden(out.str(), "report-baseline.junit.xml");
  // An expected failure is a <skipped> with the reason; the only failure left is none at all.
  EXPECT_NE(out.str().find("<skipped message=\"expected failure: staging answers 200 to the Type 3 "
                           "until CHG0042 &lt;lands&gt;\"/>"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("failures=\"0\" errors=\"1\" skipped=\"2\""), std::string::npos);
  EXPECT_EQ(out.str().find("<failure"), std::string::npos);
  EXPECT_NE(out.str().find("<system-out>fixed: listed in the baseline (ci/baseline.json:"),
            std::string::npos);
}

TEST(Reports, JunitStrictBaselineMakesAFixedScenarioAFailure) {
  std::ostringstream out;
  writeJunitReport(testing::sampleRunJudged(true), out);
  EXPECT_NE(out.str().find("failures=\"1\""), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("<failure type=\"fixed\" message=\"fixed: listed in the baseline"),
            std::string::npos)
      << out.str();
}

TEST(Reports, JsonBaselineGolden) {
  std::ostringstream out;
  writeJsonReport(testing::sampleRunJudged(false), out, {false});
  expectGolden(out.str(), "report-baseline.json");
  const auto parsed = nlohmann::json::parse(out.str());
  EXPECT_EQ(parsed["scenarios"][1]["outcome"], "failed");
  EXPECT_EQ(parsed["scenarios"][1]["verdict"], "expected failure");
  EXPECT_EQ(parsed["scenarios"][1]["baseline"]["check"], "step 1 leg 3 status");
  EXPECT_EQ(parsed["scenarios"][0]["verdict"], "fixed");
  EXPECT_EQ(parsed["scenarios"][2]["verdict"], "could not run");
  EXPECT_EQ(parsed["summary"]["verdicts"]["expected failure"], 1);
  EXPECT_EQ(parsed["baseline"]["staleEntries"].size(), 1u);
}

TEST(Reports, ConsoleBaselineGolden) {
  std::ostringstream out;
  ConsoleReporter console(out, {});
  const auto run = testing::sampleRunJudged(false);
  for (const auto& scenario : run.scenarios)
    console.scenarioFinished(scenario);
  console.summary(run);
  expectGolden(out.str(), "console-baseline.txt");
  EXPECT_NE(out.str().find("XFAIL basics.curl-ntlm-handshake"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("      expected failure: staging answers 200"), std::string::npos);
  EXPECT_NE(out.str().find("FIXED basics.anonymous-offers"), std::string::npos);
  EXPECT_NE(out.str().find("      fixed (remove it from the baseline: ci/baseline.json:"),
            std::string::npos);
  EXPECT_NE(out.str().find("4 scenarios: 0 passed, 0 failed, 1 expected failure, 1 fixed, 1 could "
                           "not run, 1 skipped"),
            std::string::npos);
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
