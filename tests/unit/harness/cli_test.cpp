// The command line: options, and exit codes users and CI gates rely on (DESIGN.md).
#include <gtest/gtest.h>

#include <sstream>

#include "cli/app.h"
#include "cli/options.h"
#include "golden.h"

namespace authreplay::cli {
namespace {

using testing::testDataDir;

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run app(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = runApp(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(Options, ParsesFiltersReportsAndTarget) {
  const auto o = parseOptions({"run", "a", "b", "--id", "x", "--glob=basics.*", "--tag", "ntlm",
                               "--report", "junit:j.xml", "--report", "json:r.json",
                               "--target-file", "t.json", "--password-env", "PW", "-v"});
  EXPECT_EQ(o.command, Command::kRun);
  EXPECT_EQ(o.paths, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(o.filter.globs, std::vector<std::string>{"basics.*"});
  ASSERT_EQ(o.reports.size(), 2u);
  EXPECT_EQ(o.reports[1].format, report::ReportFormat::kJson);
  EXPECT_EQ(o.reports[1].path, "r.json");
  EXPECT_EQ(o.password.env, "PW");
  EXPECT_TRUE(o.verbose);
}

TEST(Options, PathsDefaultToTheScenarioFolder) {
  EXPECT_EQ(parseOptions({"list"}).paths, std::vector<std::string>{"scenarios"});
}

TEST(Options, PasswordsAreNeverTakenFromArgv) {
  const auto r = app({"run", "--password", "hunter2", "--target", "http://127.0.0.1:9"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--password-env"), std::string::npos);
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
  EXPECT_EQ(app({"run", "--user", "HARNESS\\alice:pw"}).code, 2);
}

TEST(App, UsageErrorsExitTwo) {
  EXPECT_EQ(app({}).code, 2);
  EXPECT_EQ(app({"frobnicate"}).code, 2);
  EXPECT_EQ(app({"run", "--report", "xml:out"}).code, 2);
  EXPECT_EQ(app({"run", "--target", "http://x", "--target-file", "t.json"}).code, 2);
}

TEST(App, HelpAndVersion) {
  const auto help = app({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("exit codes: 0 all passed"), std::string::npos);
  const auto version = app({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out.rfind("authreplay ", 0), 0u);
  EXPECT_NE(version.out.find("libcurl/"), std::string::npos);
}

TEST(App, MalformedScenarioExitsTwoNamingFileLineColumn) {
  const auto file =
      (testDataDir() / "data" / "invalid-scenarios" / "unknown-key-typo.json").string();
  const auto r = app({"run", file, "--target", "http://127.0.0.1:9"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(file + ":6:31: unknown key \"stauts\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean \"status\"?"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");  // nothing ran
  EXPECT_EQ(app({"validate", file}).code, 2);
}

TEST(App, ValidateAndListTheShippedScenarios) {
  const auto scenarios = std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios";
  const auto v = app({"validate", scenarios});
  EXPECT_EQ(v.code, 0) << v.err;
  const auto l = app({"list", scenarios, "--glob", "basics.curl-ntlm-*"});
  EXPECT_EQ(l.code, 0);
  EXPECT_NE(l.out.find("basics.curl-ntlm-handshake\t"), std::string::npos);
  EXPECT_EQ(l.out.find("basics.anonymous-offers"), std::string::npos);
}

TEST(App, NoMatchingScenarioIsInvalidInput) {
  const auto scenarios = std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios";
  EXPECT_EQ(app({"run", scenarios, "--id", "no.such", "--target", "http://127.0.0.1:9"}).code, 2);
}

// Port 9 (discard) on loopback refuses connections: the scenario errors, the run goes on to the
// next one, and the exit code is 3, in well under the connect timeout.
TEST(App, UnreachableTargetExitsThreeQuicklyAndRunsEveryScenario) {
  const auto scenarios = std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios";
  const auto start = std::chrono::steady_clock::now();
  const auto r =
      app({"run", scenarios, "--target", "http://127.0.0.1:9", "--glob", "basics.anonymous-*"});
  EXPECT_EQ(r.code, 3) << r.out << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(r.out.find("ERROR basics.anonymous-offers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ERROR basics.anonymous-web-service"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Couldn't connect to server"), std::string::npos) << r.out;
}

TEST(App, MissingPasswordFileIsInvalidInputWithoutRunning) {
  const auto scenarios = std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios";
  const auto r = app(
      {"run", scenarios, "--target", "http://127.0.0.1:9", "--password-file", "/nonexistent/pw"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot read password file /nonexistent/pw"), std::string::npos);
}

}  // namespace
}  // namespace authreplay::cli
