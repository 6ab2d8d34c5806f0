// A libcurl without NTLM (opt-in from libcurl 8.20, removal announced: curl PR #20698): the `curl`
// profile's scenarios that hand libcurl CURLAUTH_NTLM are skipped with the reason, nothing is
// sent, and every other profile is unaffected (issue 10).
#include <gtest/gtest.h>

#include "browser/browser_catalogue.h"
#include "browser/curl_profile.h"
#include "browser/profile.h"
#include "http/curl_global.h"
#include "http/libcurl_ntlm.h"
#include "run/runner.h"
#include "scenario/target.h"

namespace authreplay {
namespace {

constexpr int kAllFeatures = ~0;

TEST(LibcurlNtlm, AbsentWhenCurlVersionNtlmIsNotSet) {
  const auto answer = http::decideLibcurlNtlm(0, "7.88.1", nullptr);
  EXPECT_FALSE(answer.available);
  EXPECT_EQ(answer.missingReason, "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)");
}

TEST(LibcurlNtlm, TheSwitchForcesItOffAndSaysSo) {
  const auto forced = http::decideLibcurlNtlm(kAllFeatures, "8.22.0", "off");
  EXPECT_FALSE(forced.available);
  EXPECT_EQ(forced.missingReason, "libcurl 8.22.0 has no NTLM (AUTHREPLAY_LIBCURL_NTLM=off)");
  // Any other value leaves libcurl's own answer.
  EXPECT_TRUE(http::decideLibcurlNtlm(kAllFeatures, "8.22.0", "on").available);
  EXPECT_TRUE(http::decideLibcurlNtlm(kAllFeatures, "8.22.0", nullptr).available);
  EXPECT_FALSE(http::decideLibcurlNtlm(0, "8.22.0", "on").available);
}

TEST(LibcurlNtlm, ThisProcessAgreesWithCurlVersionInfo) {
  // --version lists libcurl's features from the same curl_version_info word.
  const bool listed = (" " + http::curlAuthFeatures() + " ").find(" NTLM ") != std::string::npos;
  if (std::getenv(http::kLibcurlNtlmVariable) != nullptr)
    GTEST_SKIP() << http::kLibcurlNtlmVariable << " is set: this process's answer is forced";
  EXPECT_EQ(http::libcurlHasNtlm(), listed);
}

// Forces "no NTLM" for one test, and restores this process's answer after it.
class WithoutLibcurlNtlm : public ::testing::Test {
 protected:
  void SetUp() override {
    http::overrideLibcurlNtlmForTesting(http::decideLibcurlNtlm(0, "7.88.1", nullptr));
  }
  void TearDown() override { http::overrideLibcurlNtlmForTesting(std::nullopt); }
};

browser::ClientCredentials password() {
  browser::ClientCredentials c;
  c.present = true;
  c.user = "HARNESS\\alice";
  c.password = auth::Secret("secret");
  return c;
}

scenario::Client client(std::string browser, const std::vector<std::string>& schemes) {
  scenario::Client c;
  c.browser = std::move(browser);
  for (const auto& scheme : schemes)
    c.schemes.push_back(*auth::parseScheme(scheme));
  return c;
}

TEST_F(WithoutLibcurlNtlm, CurlWithNtlmAmongItsSchemesCannotRun) {
  for (const auto& schemes : std::vector<std::vector<std::string>>{
           {"NTLM"}, {"Negotiate", "NTLM"}, {}}) {  // {}: libcurl's Negotiate and NTLM
    const auto profile = browser::makeProfile(client("curl", schemes), password());
    EXPECT_EQ(profile->unavailableReason(),
              "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)")
        << schemes.size() << " schemes";
  }
}

TEST_F(WithoutLibcurlNtlm, CurlWithoutNtlmAndEveryScriptedProfileStillRun) {
  // libcurl's Negotiate is GSSAPI's SPNEGO, not libcurl's NTLM.
  EXPECT_EQ(browser::makeProfile(client("curl", {"Negotiate"}), password())->unavailableReason(),
            std::nullopt);
  EXPECT_EQ(browser::makeProfile(client("curl", {"Basic"}), password())->unavailableReason(),
            std::nullopt);
  // No password, only a Kerberos ccache: the profile drops NTLM before libcurl sees it.
  browser::ClientCredentials ccacheOnly;
  ccacheOnly.kerberos = true;
  EXPECT_EQ(browser::makeProfile(client("curl", {}), ccacheOnly)->unavailableReason(),
            std::nullopt);
  for (const auto* name : {"basic", "anonymous", "ie11", "edge", "chrome", "dotnet"}) {
    EXPECT_EQ(browser::makeProfile(client(name, {"NTLM"}), password())->unavailableReason(),
              std::nullopt)
        << name;
  }
}

scenario::Scenario scenarioFor(scenario::Client c) {
  scenario::Scenario s;
  s.id = "basics.x";
  s.client = std::move(c);
  scenario::RequestStep request;
  request.request.path = "/ActiveXTest/ajaxClient2.htm";
  s.steps.push_back({"", request, {}});
  return s;
}

run::RunnerOptions unreachableTarget() {
  run::RunnerOptions options;
  options.target = scenario::targetFromUrl("http://127.0.0.1:9");
  options.target.credentials.user = "HARNESS\\alice";
  options.target.connectTimeout = std::chrono::milliseconds(500);
  options.password = auth::Secret("secret");
  return options;
}

TEST_F(WithoutLibcurlNtlm, TheRunnerSkipsWithTheReasonAndSendsNothing) {
  http::ensureCurlGlobalInit();
  run::Runner runner(unreachableTarget());
  // The target is unreachable: had anything been sent, the scenario would be an error.
  const auto skipped = runner.run(scenarioFor(client("curl", {"NTLM"})));
  EXPECT_EQ(skipped.outcome, run::Outcome::kSkipped);
  EXPECT_STREQ(run::toString(skipped.outcome), "skipped");
  EXPECT_EQ(skipped.skipReason, "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)");
  EXPECT_TRUE(skipped.steps.empty());
  EXPECT_TRUE(skipped.error.empty());
  // A scripted NTLM client is not skipped: it tries, and finds nobody listening.
  const auto tried = runner.run(scenarioFor(client("ie11", {})));
  EXPECT_EQ(tried.outcome, run::Outcome::kError);
  EXPECT_EQ(tried.steps.size(), 1u);
}

TEST(RunResult, SkippedCountsApart) {
  run::RunResult result;
  result.scenarios.resize(3);
  result.scenarios[1].outcome = run::Outcome::kSkipped;
  EXPECT_EQ(result.count(run::Outcome::kPassed), 2u);
  EXPECT_EQ(result.count(run::Outcome::kSkipped), 1u);
  EXPECT_EQ(result.count(run::Outcome::kFailed), 0u);
}

}  // namespace
}  // namespace authreplay
