// Each seed behaviour, reproduced by its scenario files with the right browser profile against
// the real lab (issue 4, item 5). The scenarios assert every leg themselves; these tests run them
// as a user does and check, in the JSON report, the facts an operator would look for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "authreplay_cli.h"
#include "lab_env.h"
#include "lab_test.h"

namespace authreplay::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class SeedScenarios : public LabTest {
 protected:
  SeedScenarios() : LabTest("authreplay-browser-it") {}

  // Runs the scenarios of one seed folder; every one of them must pass.
  json runSeed(const std::string& folder) {
    const auto run =
        runAuthreplay(work_, {"run", std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios/" + folder,
                              "--target-file", (fs::path(lab_->dir()) / "target.json").string()});
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
    EXPECT_TRUE(run.report.is_object()) << run.err;
    return run.report;
  }

  static json leg(const json& scenario, std::size_t step, std::size_t leg) {
    return scenario.at("steps").at(step).at("legs").at(leg);
  }
};

TEST_F(SeedScenarios, Seed000IeEmptyPostGets400AndEveryWorkaroundGetsHelloWorld) {
  const auto report = runSeed("seed-000-zero-length-post");
  EXPECT_GE(report.at("summary").at("passed").get<int>(), 7);

  const auto empty = scenarioOf(report, "seed-000.ie11-empty-post-to-anonymous-service");
  ASSERT_TRUE(empty.is_object());
  EXPECT_EQ(empty.at("browser"), "ie11");
  const auto post = leg(empty, 1, 0);
  EXPECT_EQ(post.at("request").at("method"), "POST");
  EXPECT_EQ(post.at("sent"), "NTLM/1");
  EXPECT_EQ(post.at("contentLength"), 0);
  EXPECT_EQ(post.at("request").at("bodyBytes"), 0) << "IE never sends the envelope";
  EXPECT_EQ(post.at("response").at("status"), 400);

  for (const char* id :
       {"seed-000.ie11-disable-ntlm-preauth", "seed-000.ie11-kerberos-post-succeeds",
        "seed-000.ie11-service-on-second-site", "seed-000.chrome-post-to-anonymous-service"}) {
    const auto scenario = scenarioOf(report, id);
    ASSERT_TRUE(scenario.is_object()) << id;
    const auto& legs = scenario.at("steps").back().at("legs");
    EXPECT_EQ(legs.back().at("response").at("status"), 200) << id;
    EXPECT_EQ(legs.back().at("request").at("bodyBytes"), 341) << id << ": the envelope went";
  }
  const auto kerberos = scenarioOf(report, "seed-000.ie11-kerberos-post-succeeds");
  EXPECT_EQ(leg(kerberos, 0, 1).at("sent"), "Negotiate(Kerberos)/AP-REQ");

  // .NET: 401 instead of 100 Continue, an empty Type 1, then 100 Continue and the body.
  const auto dotnet = scenarioOf(report, "seed-000.dotnet-expect-continue-ntlm");
  ASSERT_TRUE(dotnet.is_object());
  EXPECT_EQ(leg(dotnet, 0, 0).at("request").at("bodyBytes"), 0);
  EXPECT_EQ(leg(dotnet, 0, 1).at("contentLength"), 0);
  EXPECT_EQ(leg(dotnet, 0, 2).at("response").at("interimStatuses"), json::array({100}));
  EXPECT_EQ(leg(dotnet, 0, 2).at("request").at("bodyBytes"), 341);
}

TEST_F(SeedScenarios, Seed001PreAuthOnTheFirstRequestAfterARecycleGets401Dot1) {
  const auto report = runSeed("seed-001-kernel-mode-preauth");
  const auto preauth = scenarioOf(report, "seed-001.ie11-preauth-first-request-after-recycle");
  ASSERT_TRUE(preauth.is_object());
  const auto first = leg(preauth, 2, 0);
  EXPECT_EQ(first.at("sent"), "NTLM/1");
  EXPECT_EQ(first.at("status"), "401.1");
  EXPECT_EQ(first.at("win32Status"), 2148074254u);
  EXPECT_EQ(preauth.at("steps").at(2).at("legs").size(), 1u) << "IE has nothing to answer";
  for (const char* id :
       {"seed-001.ie11-no-preauth-after-recycle", "seed-001.ie11-kernel-mode-off"}) {
    const auto scenario = scenarioOf(report, id);
    ASSERT_TRUE(scenario.is_object()) << id;
    EXPECT_EQ(scenario.at("steps").at(2).at("legs").back().at("status"), "200") << id;
  }
}

TEST_F(SeedScenarios, Seed002ProxiesPinningBreakingBypassedAndAuthenticating) {
  const auto report = runSeed("seed-002-proxy");
  const auto pinned = scenarioOf(report, "seed-002.ie11-through-pinning-proxy");
  ASSERT_TRUE(pinned.is_object());
  const auto pinnedLast = leg(pinned, 0, 2);
  EXPECT_EQ(pinnedLast.at("status"), "200");
  EXPECT_EQ(pinnedLast.at("proxy"), lab_->get("AUTHREPLAY_PROXY_PINNED"));

  const auto unpinned = scenarioOf(report, "seed-002.ie11-through-unpinned-proxy");
  ASSERT_TRUE(unpinned.is_object());
  EXPECT_EQ(leg(unpinned, 0, 0).at("response").at("status"), 401);
  EXPECT_EQ(leg(unpinned, 0, 0).at("offers"), json::array());

  const auto bypass = scenarioOf(report, "seed-002.ie11-proxy-bypass");
  ASSERT_TRUE(bypass.is_object());
  for (const auto& l : bypass.at("steps").at(0).at("legs"))
    EXPECT_TRUE(l.at("proxy").is_null()) << "went direct";
  EXPECT_EQ(bypass.at("steps").at(0).at("legs").back().at("status"), "200");

  const auto authenticating = scenarioOf(report, "seed-002.ie11-authenticating-proxy");
  ASSERT_TRUE(authenticating.is_object());
  EXPECT_EQ(leg(authenticating, 0, 0).at("response").at("status"), 407);
  EXPECT_EQ(leg(authenticating, 0, 1).at("proxySent"), "Basic");
  EXPECT_EQ(authenticating.at("steps").at(0).at("legs").back().at("status"), "200");
}

TEST_F(SeedScenarios, Seed003NegotiateKerberosInOneLegAndNtlmInsideSpnego) {
  const auto report = runSeed("seed-003-negotiate");
  const auto kerberos = scenarioOf(report, "seed-003.ie11-negotiate-kerberos");
  ASSERT_TRUE(kerberos.is_object());
  EXPECT_EQ(kerberos.at("steps").at(0).at("legs").size(), 2u);
  EXPECT_EQ(leg(kerberos, 0, 1).at("sent"), "Negotiate(Kerberos)/AP-REQ");
  EXPECT_EQ(leg(kerberos, 0, 1).at("user"), "HARNESS\\alice");

  const auto fallback = scenarioOf(report, "seed-003.ie11-negotiate-ntlm-fallback");
  ASSERT_TRUE(fallback.is_object());
  EXPECT_EQ(leg(fallback, 0, 1).at("sent"), "Negotiate(NTLM)/1");
  EXPECT_EQ(leg(fallback, 0, 2).at("sent"), "Negotiate(NTLM)/3");
  EXPECT_EQ(leg(fallback, 0, 2).at("status"), "200");
  // Inside SPNEGO (RFC 4178 §4.2): a NegTokenInit ([APPLICATION 0], base64 "Y...") carries the
  // Type 1, a NegTokenResp ([1], base64 "o...") the Type 3.
  auto authorization = [](const json& l) {
    for (const auto& h : l.at("request").at("headers"))
      if (h.at("name") == "Authorization")
        return h.at("value").get<std::string>();
    return std::string();
  };
  EXPECT_EQ(authorization(leg(fallback, 0, 1)).rfind("Negotiate Y", 0), 0u);
  EXPECT_EQ(authorization(leg(fallback, 0, 2)).rfind("Negotiate o", 0), 0u);
  EXPECT_EQ(leg(fallback, 0, 1).at("connection").at("id"),
            leg(fallback, 0, 2).at("connection").at("id"));
}

}  // namespace
}  // namespace authreplay::testing
