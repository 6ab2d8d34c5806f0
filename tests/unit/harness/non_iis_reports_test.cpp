// Golden console, JUnit, JSON and HTML output of a run against a server that is not IIS (Apache
// with mod_auth_gssapi, target substatus.source "none"): every leg shows its status alone ("401",
// never "401.?"), no report advises the W3C log, and a user check that passed by an alias of the
// expected name says which one (docs/non-iis-servers.md).
#include <gtest/gtest.h>

#include <sstream>

#include "golden.h"
#include "report/console_reporter.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"
#include "report_sample.h"

namespace authreplay::report {
namespace {

using testing::expectGolden;
using testing::sampleLeg;

// A leg as the runner leaves it against a target without a substatus source (the resolver's
// "none" branch): no substatus, and none expected to be known.
expect::LegObservation apacheLeg(int status, std::vector<std::string> offers,
                                 std::string authorization, std::string sent, bool opened) {
  auto leg = sampleLeg(status, std::nullopt, std::move(offers), std::move(authorization),
                       std::move(sent), 0, opened);
  leg.exchange.url = "http://localhost:8080/ActiveXTest/whoami";
  leg.exchange.request.target = "/ActiveXTest/whoami";
  leg.exchange.response.headers.front() = {"Server", "Apache/2.4.62 (Debian)"};
  leg.exchange.response.body = status == 200
                                   ? R"({"user": "alice@HARNESS.TEST", "authType": "Negotiate"})"
                                   : "<title>401 Unauthorized</title>";
  if (status == 200)
    leg.user = "alice@HARNESS.TEST";
  leg.substatusApplies = false;
  leg.substatusSource = "none";
  leg.substatusNote = "the target names no substatus source (substatus.source is \"none\")";
  return leg;
}

run::RunResult apacheRun() {
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1795255200));
  run::RunResult run;
  run.targetName = "apache mod_auth_gssapi (localhost)";
  run.started = t0;
  run.duration = std::chrono::microseconds(9100);

  run::ScenarioResult pass;
  pass.id = "seed-003.chrome-negotiate-kerberos";
  pass.title = "Chrome answers the offers with Negotiate and a Kerberos ticket: one leg, 200";
  pass.file = "scenarios/seed-003-negotiate/chrome-negotiate-kerberos.json";
  pass.tags = {"kerberos", "negotiate", "chrome"};
  pass.browser = "chrome";
  pass.started = t0;
  pass.duration = std::chrono::microseconds(4200);
  run::StepResult step;
  step.index = 1;
  step.kind = "request";
  step.method = "GET";
  step.url = "http://localhost:8080/ActiveXTest/whoami";
  step.legs = {apacheLeg(401, {"Negotiate"}, "", "none", true),
               apacheLeg(200, {"Negotiate oRQwEqADCgEAoQsGCSqGSIb3EgECAg=="},
                         "Negotiate YIICZQYGKwYBBQUCoIICWTCCAlWgDTALBgkqhkiG9xIBAgKiggJC",
                         "Negotiate(Kerberos)", false)};
  step.checks = {{"status", 1, true, "401", "401", "", {}},
                 {"status", 2, true, "200", "200", "", {}},
                 {"user",
                  2,
                  true,
                  "HARNESS\\alice (or its alias alice@HARNESS.TEST, alice)",
                  "alice@HARNESS.TEST",
                  "matched the alias \"alice@HARNESS.TEST\" of \"HARNESS\\alice\" (target "
                  "credentials.userAliases)",
                  {}}};
  step.duration = std::chrono::microseconds(4000);
  pass.steps = {step};

  // The same scenario where the target lists no alias: the Kerberos name is not HARNESS\alice.
  run::ScenarioResult fail = pass;
  fail.id = "apache.user-without-alias";
  fail.title = "The user as Apache reports it, with no alias in the target";
  fail.file = "scenarios/apache/user-without-alias.json";
  fail.outcome = run::Outcome::kFailed;
  run::StepResult failStep = step;
  const auto where =
      testing::refOnLine(fail.file, 12, 17, "        \"user\": \"HARNESS\\\\alice\"");
  failStep.checks = {{"status", 1, true, "401", "401", "", {}},
                     {"status", 2, true, "200", "200", "", {}},
                     {"user", 2, false, "HARNESS\\alice", "alice@HARNESS.TEST", "", where}};
  fail.steps = {failStep};

  run.scenarios = {pass, fail};
  return run;
}

TEST(NonIisReports, ConsoleShowsTheStatusAlone) {
  std::ostringstream out;
  ConsoleReporter console(out, {true, {false}});
  const auto run = apacheRun();
  for (const auto& scenario : run.scenarios)
    console.scenarioFinished(scenario);
  console.summary(run);
  expectGolden(out.str(), "console-non-iis.txt");
  EXPECT_EQ(out.str().find("401.?"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("W3C"), std::string::npos) << out.str();
}

TEST(NonIisReports, JsonSaysThereIsNoSubstatusSource) {
  std::ostringstream out;
  writeJsonReport(apacheRun(), out, {false});
  expectGolden(out.str(), "report-non-iis.json");
  const auto parsed = nlohmann::json::parse(out.str());
  const auto& leg = parsed["scenarios"][0]["steps"][0]["legs"][0];
  EXPECT_EQ(leg["status"], "401");
  EXPECT_TRUE(leg["substatus"].is_null());
  EXPECT_EQ(leg["substatusSource"], "none");
  EXPECT_EQ(parsed["scenarios"][0]["steps"][0]["checks"][2]["note"],
            "matched the alias \"alice@HARNESS.TEST\" of \"HARNESS\\alice\" (target "
            "credentials.userAliases)");
}

TEST(NonIisReports, JunitFailureShowsTheStatusAlone) {
  std::ostringstream out;
  writeJunitReport(apacheRun(), out);
  expectGolden(out.str(), "report-non-iis.junit.xml");
  EXPECT_EQ(out.str().find("401.?"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("actual:   alice@HARNESS.TEST"), std::string::npos) << out.str();
}

TEST(NonIisReports, HtmlSequenceDiagramShowsTheStatusAlone) {
  std::ostringstream out;
  writeHtmlReport(apacheRun(), out, {false});
  expectGolden(out.str(), "report-non-iis.html");
  EXPECT_EQ(out.str().find("401.?"), std::string::npos);
  EXPECT_EQ(out.str().find("W3C"), std::string::npos);
  EXPECT_NE(out.str().find(">401 Unauthorized<"), std::string::npos);
}

}  // namespace
}  // namespace authreplay::report
