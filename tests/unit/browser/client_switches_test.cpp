// The scenario "client" keys of the scripted browsers and the new leg expectations load as written
// (docs/scenario-format.md "client", "Expectations"); invalid ones are in the loader's golden file.
#include <gtest/gtest.h>

#include <tuple>

#include "browser/browser_catalogue.h"
#include "scenario/scenario_loader.h"

namespace authreplay::browser {
namespace {

TEST(ClientSwitches, LoadAndOverrideTheProfileDefaults) {
  const auto scenario = scenario::parseScenario(R"({
    "id": "t.ie", "title": "switches",
    "client": { "browser": "ie11", "schemes": ["NTLM", "Negotiate"], "ntlmPreAuth": false,
                "emptyPost": false, "reconnectAfter401": true, "expectContinue": true,
                "kerberos": false, "spnIncludesPort": true, "channelBinding": false,
                "cnameLookup": false, "proxy": "pinned",
                "proxyBypass": ["{default}", "*.corp", "<local>"] },
    "steps": [ { "request": { "path": "/a/" },
                 "expect": { "via": "direct",
                             "legs": [ { "via": "proxy", "proxySent": "Basic",
                                         "sent": "Negotiate(Kerberos)/AP-REQ" } ] } } ] })",
                                                "t.json", ".", catalogue());
  const auto& client = scenario.client;
  EXPECT_EQ(client.browser, "ie11");
  EXPECT_EQ(client.proxyBypass, (std::vector<std::string>{"{default}", "*.corp", "<local>"}));
  const auto s = resolveSwitches(client);
  EXPECT_EQ(s.preference, (std::vector{auth::Scheme::kNtlm, auth::Scheme::kNegotiate}));
  EXPECT_FALSE(s.ntlmPreAuth);
  EXPECT_FALSE(s.emptyPost);
  EXPECT_TRUE(s.reconnectAfter401);
  EXPECT_TRUE(s.expectContinue);
  EXPECT_FALSE(s.kerberos);
  EXPECT_TRUE(s.spnIncludesPort);
  EXPECT_FALSE(s.channelBinding);
  EXPECT_FALSE(s.cnameLookup) << "ie11 looks the CNAME up unless told not to";

  const auto& expect = std::get<scenario::RequestStep>(scenario.steps.at(0).action).expect;
  ASSERT_TRUE(expect.via.has_value());
  EXPECT_EQ(expect.via->value, scenario::RouteExpectation::kDirect);
  const auto& leg = expect.legs->value.at(0);
  EXPECT_EQ(leg.via->value, scenario::RouteExpectation::kProxy);
  EXPECT_EQ(leg.proxySent->value, "Basic");
  EXPECT_EQ(leg.sent->value, "Negotiate(Kerberos)/AP-REQ");
}

TEST(ClientSwitches, UnsetSwitchesKeepEachBrowsersDefaults) {
  for (const char* browser : {"ie11", "edge", "chrome", "dotnet"}) {
    scenario::Client client;
    client.browser = browser;
    const auto s = resolveSwitches(client);
    const auto d = defaultSwitches(browser);
    EXPECT_EQ(s.ntlmPreAuth, d.ntlmPreAuth) << browser;
    EXPECT_EQ(s.emptyPost, d.emptyPost) << browser;
    EXPECT_EQ(s.expectContinue, d.expectContinue) << browser;
    // Windows SSPI and Chromium (every platform) bind to the TLS channel (issue 13).
    EXPECT_TRUE(s.channelBinding) << browser;
    EXPECT_EQ(s.preference,
              (std::vector{auth::Scheme::kNegotiate, auth::Scheme::kNtlm, auth::Scheme::kBasic}))
        << browser;
  }
}

// "http2" (issue 14): every browser takes true/false, dotnet also "exact"; legs take httpVersion
// and streamReset.
TEST(ClientSwitches, Http2AndItsLegExpectations) {
  const auto scenario = scenario::parseScenario(R"({
    "id": "t.h2", "title": "h2",
    "client": { "browser": "dotnet", "http2": "exact" },
    "steps": [ { "request": { "origin": "tls", "path": "/a/" },
                 "expect": { "httpVersion": "HTTP/1.1",
                             "legs": [ { "streamReset": "HTTP_1_1_REQUIRED", "httpVersion": "HTTP/2" },
                                       { "streamReset": "none" } ] } } ] })",
                                                "t.json", ".", catalogue());
  EXPECT_EQ(resolveSwitches(scenario.client).http2, scenario::Http2Use::kExact);
  const auto& expect = std::get<scenario::RequestStep>(scenario.steps.at(0).action).expect;
  EXPECT_EQ(expect.final.httpVersion->value, "HTTP/1.1");
  EXPECT_EQ(expect.legs->value.at(0).response.streamReset->value, "HTTP_1_1_REQUIRED");
  EXPECT_EQ(expect.legs->value.at(0).response.httpVersion->value, "HTTP/2");
  EXPECT_EQ(expect.legs->value.at(1).response.streamReset->value, "none");
  for (const auto& [browser, value, want] :
       {std::tuple{"curl", "false", scenario::Http2Use::kOff},
        std::tuple{"chrome", "true", scenario::Http2Use::kFallback},
        std::tuple{"anonymous", "false", scenario::Http2Use::kOff}}) {
    const auto loaded = scenario::parseScenario(
        std::string(R"({"id": "t.h", "title": "h", "client": {"browser": ")") + browser +
            R"(", "http2": )" + value + R"(}, "steps": [{"request": {"path": "/"}}]})",
        "t.json", ".", catalogue());
    EXPECT_EQ(loaded.client.http2, want) << browser;
  }
}

// Whose NTLM each browser sends (issue 9): Chromium's net/ntlm for chrome, Windows SSPI for IE,
// Edge and .NET; the port in MsvAvTargetName as Chromium's CreateSPN puts it (chrome, edge).
TEST(ClientSwitches, EachBrowserSendsItsOwnNtlm) {
  using auth::ntlm::ClientStyle;
  EXPECT_EQ(defaultSwitches("chrome").ntlmStyle, ClientStyle::kChromium);
  EXPECT_TRUE(defaultSwitches("chrome").ntlmSpnIncludesPort);
  EXPECT_EQ(defaultSwitches("edge").ntlmStyle, ClientStyle::kWindowsSspi);
  EXPECT_TRUE(defaultSwitches("edge").ntlmSpnIncludesPort);
  for (const char* windows : {"ie11", "dotnet"}) {
    EXPECT_EQ(defaultSwitches(windows).ntlmStyle, ClientStyle::kWindowsSspi) << windows;
    EXPECT_FALSE(defaultSwitches(windows).ntlmSpnIncludesPort) << windows;
  }
  // Edge behaves as Chromium does: no NTLM pre-authentication, no empty POST.
  const auto edge = defaultSwitches("edge");
  const auto chrome = defaultSwitches("chrome");
  EXPECT_EQ(edge.ntlmPreAuth, chrome.ntlmPreAuth);
  EXPECT_EQ(edge.emptyPost, chrome.emptyPost);
  EXPECT_EQ(edge.expectContinue, chrome.expectContinue);
  EXPECT_FALSE(edge.ntlmPreAuth);
  EXPECT_FALSE(edge.emptyPost);
  EXPECT_TRUE(isScriptedBrowser("edge"));
}

}  // namespace
}  // namespace authreplay::browser
