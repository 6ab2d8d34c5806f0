// `authreplay bench` options exactly as issue 6 lists them, and the mistakes users make.
#include "cli/bench_options.h"

#include <gtest/gtest.h>

namespace {

using namespace authreplay::cli;
using authreplay::bench::ConnectionMode;
using authreplay::bench::Handshake;

std::string usageError(const std::vector<std::string>& args) {
  try {
    parseBenchOptions(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BenchOptionsTest, DefaultsAreOneFreshNtlmConnectionThroughLibcurl) {
  const auto o = parseBenchOptions({});
  EXPECT_EQ(o.scheme, Handshake::kNtlm);
  EXPECT_EQ(o.profile, "curl");
  // Not asked for: on a libcurl without NTLM the command measures NTLM with ie11 instead.
  EXPECT_FALSE(o.profileGiven);
  EXPECT_TRUE(parseBenchOptions({"--profile", "curl"}).profileGiven);
  EXPECT_EQ(o.connections, 1);
  EXPECT_EQ(o.mode, ConnectionMode::kFresh);
  EXPECT_EQ(o.requestLimit(), 1000);
  EXPECT_EQ(o.path, "/ActiveXTest/ajaxClient2.htm");
  EXPECT_TRUE(o.usesEmbeddedLab());
}

TEST(BenchOptionsTest, EveryOptionOfTheIssue) {
  const auto o =
      parseBenchOptions({"--target-file", "lab/target.json", "--scheme", "kerberos",
                         "--profile=ie11", "--connections", "16", "--requests", "500", "--reuse",
                         "--path", "/KerberosOnly/", "--json", "out.json", "--password-env", "PW"});
  EXPECT_EQ(o.targetFile, "lab/target.json");
  EXPECT_EQ(o.scheme, Handshake::kKerberos);
  EXPECT_EQ(o.profile, "ie11");
  EXPECT_EQ(o.connections, 16);
  EXPECT_EQ(o.requestLimit(), 500);
  EXPECT_EQ(o.mode, ConnectionMode::kReuse);
  EXPECT_EQ(o.path, "/KerberosOnly/");
  EXPECT_EQ(o.jsonFile, "out.json");
  EXPECT_EQ(o.password.env, "PW");
  EXPECT_FALSE(o.usesEmbeddedLab());
}

TEST(BenchOptionsTest, DurationReplacesTheRequestBudget) {
  const auto o = parseBenchOptions({"--target", "http://localhost:8080", "--duration", "2.5"});
  ASSERT_TRUE(o.duration);
  EXPECT_EQ(o.duration->count(), 2500);
  EXPECT_EQ(o.requestLimit(), 0);
}

TEST(BenchOptionsTest, DefaultPathFollowsTheScheme) {
  EXPECT_EQ(parseBenchOptions({"--scheme", "anonymous"}).path, "/hello.txt");
  EXPECT_EQ(parseBenchOptions({"--scheme", "basic"}).path, "/BasicTls/index.htm");
}

TEST(BenchOptionsTest, MistakesAreExplained) {
  EXPECT_EQ(usageError({"--scheme", "digest"}),
            "--scheme expects anonymous, basic, ntlm, negotiate or kerberos, got \"digest\"");
  EXPECT_EQ(usageError({"--profile", "firefox"}),
            "--profile expects one of curl, ie11, edge, chrome, dotnet, got \"firefox\"");
  EXPECT_EQ(usageError({"--connections", "0"}),
            "--connections expects a whole number from 1 to 1024, got \"0\"");
  EXPECT_EQ(usageError({"--requests", "ten"}),
            "--requests expects a whole number from 1 to 100000000, got \"ten\"");
  EXPECT_EQ(usageError({"--fresh", "--reuse"}), "give --fresh or --reuse, not both");
  EXPECT_EQ(usageError({"--requests", "5", "--duration", "1"}),
            "give --requests or --duration, not both");
  EXPECT_EQ(usageError({"--target", "http://a", "--target-file", "t.json"}),
            "give --target or --target-file, not both");
  EXPECT_EQ(usageError({"--connections"}), "--connections needs a value");
  EXPECT_EQ(usageError({"--path", "ActiveXTest"}),
            "--path expects an absolute path such as /ActiveXTest/, got \"ActiveXTest\"");
  EXPECT_EQ(usageError({"--frobnicate"}),
            "unknown bench option --frobnicate (see authreplay bench --help)");
}

// Passwords never come from argv (DESIGN.md "Command line").
TEST(BenchOptionsTest, PasswordsOnTheCommandLineAreRefused) {
  EXPECT_NE(usageError({"--password", "secret"}).find("--password-env"), std::string::npos);
  EXPECT_NE(usageError({"--user", "HARNESS\\alice:secret"}).find("user name only"),
            std::string::npos);
}

TEST(BenchOptionsTest, HelpStopsParsing) {
  EXPECT_TRUE(parseBenchOptions({"--help", "--scheme", "digest"}).help);
}

// Issue 10: positional arguments are scenarios to drive; every Nth run of each browser is judged.
TEST(BenchOptionsTest, ScenarioFilesAndTheVerdictSample) {
  const auto o = parseBenchOptions({"scenarios/seed-000", "--check-every", "10", "more.json"});
  EXPECT_EQ(o.scenarios, (std::vector<std::string>{"scenarios/seed-000", "more.json"}));
  EXPECT_EQ(o.checkEvery, 10);
  EXPECT_EQ(parseBenchOptions({"--check-every=0"}).checkEvery, 0);
  EXPECT_EQ(parseBenchOptions({}).checkEvery, 100);
  EXPECT_EQ(usageError({"--check-every", "-1"}),
            "--check-every expects a whole number from 1 to 1000000, got \"-1\"");
}

// Issue 15: warm-up runs per virtual browser, excluded from the figures; 0 measures from the first.
TEST(BenchOptionsTest, WarmupIsOneRunPerBrowserUnlessTold) {
  EXPECT_EQ(parseBenchOptions({}).warmup, 1);
  EXPECT_EQ(parseBenchOptions({"--warmup", "5"}).warmup, 5);
  EXPECT_EQ(parseBenchOptions({"--warmup=0"}).warmup, 0);
  EXPECT_EQ(usageError({"--warmup", "-1"}),
            "--warmup expects a whole number from 1 to 1000000, got \"-1\"");
}

// Issue 15: bench writes an HTML report; its JSON is --json, and the run's other formats are not
// its.
TEST(BenchOptionsTest, ReportIsHtmlOnly) {
  EXPECT_EQ(parseBenchOptions({"--report", "html:out/bench.html"}).htmlFile, "out/bench.html");
  EXPECT_EQ(
      usageError({"--report", "junit:j.xml"}),
      "bench writes --report html:FILE (its figures as JSON: --json FILE), got \"junit:j.xml\"");
}

}  // namespace
