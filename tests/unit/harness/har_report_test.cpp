// The HAR 1.2 export (--report har:FILE, report/har_report.h) on fixed results: its document
// shape (pages per step, one entry per leg, connection ids), escaping, base64 bodies, timings,
// redaction of Basic and tokens, and the decoded NTLM under _authreplay. The same document is
// validated against the HAR 1.2 JSON schema by tests/integration/har (a real validator).
#include "report/har_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "auth/base64.h"
#include "golden.h"
#include "report/har_entry.h"
#include "report/iso_time.h"
#include "report/report_file.h"
#include "report_sample.h"

namespace authreplay::report {
namespace {

using Json = nlohmann::ordered_json;
using std::chrono::microseconds;
using testing::sampleLeg;
using testing::sampleRun;

// MS-NLMP 4.2.4.3's CHALLENGE_MESSAGE (tests/unit/auth/ms_nlmp_vectors.h), base64.
constexpr const char* kMsNlmpChallenge =
    "TlRMTVNTUAACAAAADAAMADgAAAAzgoriASNFZ4mrze8AAAAAAAAAACQAJABEAAAABgBwFwAAAA9TAGUAcgB2AGUAcgACAA"
    "wARABvAG0AYQBpAG4AAQAMAFMAZQByAHYAZQByAAAAAAA=";

// A one-scenario, one-step run around LEGS.
run::RunResult runOf(std::vector<expect::LegObservation> legs) {
  run::RunResult run;
  run.targetName = "lab";
  run::ScenarioResult scenario;
  scenario.id = "basics.har";
  scenario.title = "HAR";
  scenario.browser = "ie11";
  run::StepResult step;
  step.index = 1;
  step.name = "the page";
  step.kind = "request";
  step.method = "GET";
  step.url = "http://localhost:8080/ActiveXTest/ajaxClient2.htm";
  step.legs = std::move(legs);
  scenario.steps = {step};
  run.scenarios = {scenario};
  return run;
}

Json entryOf(const expect::LegObservation& leg, TokenDisplay display = {}) {
  return harReport(runOf({leg}), display)["log"]["entries"].at(0);
}

std::string dumped(const run::RunResult& run, TokenDisplay display = {}) {
  std::ostringstream out;
  writeHarReport(run, out, display);
  return out.str();
}

TEST(HarReport, IsALogOfVersion12WithOnePagePerStepAndOneEntryPerLeg) {
  const auto har = harReport(sampleRun(), {});
  const auto& log = har.at("log");
  EXPECT_EQ(log.at("version"), "1.2");
  EXPECT_EQ(log.at("creator").at("name"), "authreplay");
  EXPECT_FALSE(log.at("creator").at("version").get<std::string>().empty());
  // sampleRun: a passing scenario (1 leg), a failing NTLM handshake (3 legs), one that could not
  // run (a step with an error and no legs: a page, no entry) and a skipped one (nothing).
  const auto& pages = log.at("pages");
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].at("id"), "page_1_1");
  EXPECT_EQ(pages[1].at("title"),
            "basics.curl-ntlm-handshake step 1: GET "
            "http://localhost:8080/ActiveXTest/ajaxClient2.htm");
  EXPECT_NE(pages[2].at("comment").get<std::string>().find("Failed to connect"), std::string::npos);
  EXPECT_EQ(pages[0].at("pageTimings"), (Json{{"onContentLoad", -1}, {"onLoad", -1}}));
  const auto& entries = log.at("entries");
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].at("pageref"), "page_1_1");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(entries[i].at("pageref"), "page_2_1");
    // The three legs of the handshake on libcurl's connection #0 of scenario 2: one connection.
    EXPECT_EQ(entries[i].at("connection"), "2:0");
    EXPECT_EQ(entries[i].at("_authreplay").at("leg"), i);
  }
  EXPECT_EQ(entries[0].at("connection"), "1:0");  // scenario 1's #0 is another TCP connection
  EXPECT_EQ(entries[1].at("_authreplay").at("sent"), "none");
  EXPECT_EQ(entries[2].at("_authreplay").at("sent"), "NTLM/1");
  EXPECT_EQ(entries[3].at("_authreplay").at("sent"), "NTLM/3");
  // The failed check of leg 3 is on leg 3's entry, with where it stands in the scenario file.
  const auto& checks = entries[3].at("_authreplay").at("checks");
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[1].at("subject"), "status");
  EXPECT_FALSE(checks[1].at("passed").get<bool>());
  EXPECT_EQ(checks[1].at("source"), "scenarios/basics/curl-ntlm-handshake.json:17:45");
}

// What a user opens in Fiddler: reviewed as a golden file (creator.version aside, which follows
// the project's version).
TEST(HarReport, MatchesTheGoldenFile) {
  auto har = harReport(sampleRun(), {});
  har["log"]["creator"]["version"] = "VERSION";
  testing::expectGolden(har.dump(2) + "\n", "report.har");
}

TEST(HarReport, ParsesAsTheHarSpec) {
  EXPECT_EQ(parseReportSpec("har:out/run.har")->format, ReportFormat::kHar);
  EXPECT_EQ(parseReportSpec("har:out/run.har")->path, "out/run.har");
}

TEST(HarEntry, StartsAtTheLegsWallClockTimeWithMilliseconds) {
  auto leg = sampleLeg(200, 0, {}, "", "none", 0, true);
  leg.exchange.started =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1795255200123));
  EXPECT_EQ(entryOf(leg).at("startedDateTime"), "2026-11-21T10:00:00.123Z");
  EXPECT_EQ(isoTimeMillis(std::chrono::system_clock::time_point(std::chrono::milliseconds(7))),
            "1970-01-01T00:00:00.007Z");
}

TEST(HarEntry, EscapesHeaderValuesAndBodiesAsJson) {
  auto leg = sampleLeg(200, 0, {}, "", "none", 0, true);
  leg.exchange.request.headers.push_back({"X-Odd", "a \"quoted\" \\ back\tslash\x01"});
  leg.exchange.response.body = "<p class=\"x\">caf\xc3\xa9</p>\r\n";
  const auto text = dumped(runOf({leg}));
  EXPECT_NE(text.find(R"("value": "a \"quoted\" \\ back\tslash\u0001")"), std::string::npos);
  EXPECT_NE(text.find(R"("text": "<p class=\"x\">café</p>\r\n")"), std::string::npos);
  // Round trip: what a consumer parses is what was on the wire.
  const auto back = Json::parse(text)["log"]["entries"][0];
  EXPECT_EQ(back["request"]["headers"].back()["value"], "a \"quoted\" \\ back\tslash\x01");
  EXPECT_FALSE(back["response"]["content"].contains("encoding"));
}

TEST(HarEntry, AHeaderThatIsNotUtf8IsReplacedNotFatal) {
  auto leg = sampleLeg(200, 0, {}, "", "none", 0, true);
  leg.exchange.response.headers.push_back({"X-Latin1", "caf\xe9"});
  const auto back = Json::parse(dumped(runOf({leg})));
  EXPECT_EQ(back["log"]["entries"][0]["response"]["headers"].back()["value"], "caf\xef\xbf\xbd");
}

TEST(HarEntry, ABodyThatIsNotUtf8IsBase64) {
  auto leg = sampleLeg(200, 0, {}, "", "none", 0, true);
  leg.exchange.response.headers.push_back({"Content-Type", "image/png"});
  leg.exchange.response.body = std::string("\x89PNG\r\n\x1a\n", 8);
  const auto content = entryOf(leg).at("response").at("content");
  EXPECT_EQ(content.at("encoding"), "base64");
  EXPECT_EQ(content.at("text"), "iVBORw0KGgo=");
  EXPECT_EQ(content.at("size"), 8);
  EXPECT_EQ(content.at("mimeType"), "image/png");
}

TEST(HarEntry, AZeroLengthPostHasEmptyPostData) {
  // IE's pre-authenticated POST (seed 000): Content-Length 0, the envelope never sent.
  auto leg = sampleLeg(400, 0, {}, "NTLM TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=", "NTLM/1", 0,
                       false);
  auto& request = leg.exchange.request;
  request.method = "POST";
  request.target = "/ActiveXTest/Anonymous/WebService.asmx?authreplay-leg=r1s2l1&x";
  request.headers.push_back({"Content-Type", "text/xml; charset=utf-8"});
  request.headers.push_back({"Content-Length", "0"});
  const auto entry = entryOf(leg);
  EXPECT_EQ(entry.at("request").at("postData"),
            (Json{{"mimeType", "text/xml; charset=utf-8"}, {"text", ""}}));
  EXPECT_EQ(entry.at("request").at("bodySize"), 0);
  EXPECT_EQ(entry.at("request").at("url"),
            "http://localhost:8080/ActiveXTest/Anonymous/WebService.asmx?authreplay-leg=r1s2l1&x");
  EXPECT_EQ(entry.at("request").at("queryString"),
            (Json::array({{{"name", "authreplay-leg"}, {"value", "r1s2l1"}},
                          {{"name", "x"}, {"value", ""}}})));
  EXPECT_FALSE(sampleLeg(200, 0, {}, "", "none", 0, true).exchange.request.body.size());
  EXPECT_FALSE(
      entryOf(sampleLeg(200, 0, {}, "", "none", 0, true)).at("request").contains("postData"));
}

TEST(HarEntry, UrlsThroughAProxyAndForConnect) {
  http::Exchange exchange;
  exchange.url = "http://localhost:8080/a";
  exchange.request.method = "GET";
  exchange.request.target = "http://localhost:8080/a?b=1";  // absolute-form to a forward proxy
  EXPECT_EQ(harRequestUrl(exchange), "http://localhost:8080/a?b=1");
  exchange.request.method = "CONNECT";
  exchange.request.target = "localhost:8443";
  EXPECT_EQ(harRequestUrl(exchange), "https://localhost:8443");
}

TEST(HarEntry, CookiesBothWays) {
  auto leg = sampleLeg(200, 0, {}, "", "none", 0, true);
  leg.exchange.request.headers.push_back({"Cookie", "ASP.NET_SessionId=abc; lang=en"});
  leg.exchange.response.headers.push_back({"Set-Cookie", "a=1; Path=/app; HttpOnly; Secure"});
  const auto entry = entryOf(leg);
  EXPECT_EQ(entry.at("request").at("cookies"),
            (Json::array({{{"name", "ASP.NET_SessionId"}, {"value", "abc"}},
                          {{"name", "lang"}, {"value", "en"}}})));
  EXPECT_EQ(entry.at("response").at("cookies"), (Json::array({{{"name", "a"},
                                                               {"value", "1"},
                                                               {"path", "/app"},
                                                               {"httpOnly", true},
                                                               {"secure", true}}})));
}

// HAR 1.2 timings: connect includes ssl; -1 for what did not happen on the leg; send, wait and
// receive never negative; time is the sum without the -1s.
TEST(HarTimings, NewConnectionReusedConnectionTlsAndNoResponse) {
  const auto fresh = harTimings(
      {microseconds(120), microseconds(-1), microseconds(800), microseconds(1500)}, true);
  EXPECT_EQ(
      fresh.timings,
      (Json{{"connect", 0.12}, {"send", 0}, {"wait", 0.68}, {"receive", 0.7}, {"ssl", -1.0}}));
  EXPECT_DOUBLE_EQ(fresh.time, 1.5);

  const auto reused = harTimings(
      {microseconds(-1), microseconds(-1), microseconds(800), microseconds(1500)}, false);
  EXPECT_EQ(reused.timings.at("connect"), -1.0);
  EXPECT_EQ(reused.timings.at("wait"), 0.8);
  EXPECT_EQ(reused.timings.at("receive"), 0.7);
  EXPECT_DOUBLE_EQ(reused.time, 1.5);

  const auto tls = harTimings(
      {microseconds(100), microseconds(200), microseconds(500), microseconds(900)}, true);
  EXPECT_EQ(tls.timings.at("connect"), 0.3);
  EXPECT_EQ(tls.timings.at("ssl"), 0.2);
  EXPECT_EQ(tls.timings.at("wait"), 0.2);
  EXPECT_EQ(tls.timings.at("receive"), 0.4);
  EXPECT_DOUBLE_EQ(tls.time, 0.9);

  const auto none =
      harTimings({microseconds(-1), microseconds(-1), microseconds(-1), microseconds(3000)}, false);
  EXPECT_EQ(none.timings.at("wait"), 3.0);
  EXPECT_EQ(none.timings.at("receive"), 0.0);

  // A first byte recorded before the connect ended (clock steps) never makes wait negative.
  const auto odd =
      harTimings({microseconds(900), microseconds(-1), microseconds(100), microseconds(500)}, true);
  EXPECT_GE(odd.timings.at("wait").get<double>(), 0.0);
  EXPECT_GE(odd.timings.at("receive").get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(odd.time, 0.9);
}

TEST(HarEntry, TimeAndSizesComeFromTheLeg) {
  auto leg = sampleLeg(401, 2, {"NTLM"}, "", "none", 0, true);
  leg.exchange.requestHeaderBytes = 123;
  leg.exchange.responseHeaderBytes = 456;
  const auto entry = entryOf(leg);
  EXPECT_EQ(entry.at("time"), 1.5);
  EXPECT_EQ(entry.at("request").at("headersSize"), 123);
  EXPECT_EQ(entry.at("response").at("headersSize"), 456);
  EXPECT_EQ(entry.at("response").at("bodySize"), leg.exchange.response.body.size());
  EXPECT_EQ(entry.at("serverIPAddress"), "127.0.0.1");
  EXPECT_EQ(entry.at("_authreplay").at("status"), "401.2");
  EXPECT_EQ(entry.at("_authreplay").at("substatusSource"), "error page");
}

// Basic is the password in base64: never in the file, not even with --show-tokens; NTLM and
// Negotiate tokens are shortened unless --show-tokens.
TEST(HarEntry, BasicIsRedactedAndTokensShortened) {
  const std::string basic = "YWxpY2U6czNjcmV0";  // alice:s3cret
  auto leg = sampleLeg(200, 0, {}, "Basic " + basic, "Basic", 0, true);
  leg.exchange.request.headers.push_back({"Proxy-Authorization", "Basic " + basic});
  for (const bool show : {false, true}) {
    const auto text = dumped(runOf({leg}), TokenDisplay{show});
    EXPECT_EQ(text.find(basic), std::string::npos) << text;
    EXPECT_EQ(text.find("s3cret"), std::string::npos);
    EXPECT_NE(text.find("\"Basic <redacted>\""), std::string::npos);
  }
  const std::string type2 = std::string("NTLM ") + kMsNlmpChallenge;
  const auto challenged = sampleLeg(401, 1, {type2}, "", "none", 0, true);
  const auto shortened = entryOf(challenged).at("response").at("headers");
  EXPECT_EQ(shortened.back().at("value"), "NTLM TlRMTVNTUAACAAAA...(140 chars)");
  const auto full = entryOf(challenged, TokenDisplay{true}).at("response").at("headers");
  EXPECT_EQ(full.back().at("value"), type2);
}

// The challenge's flags and target info, decoded from the (shortened) header's full token.
TEST(HarEntry, DecodesTheNtlmChallengeOfMsNlmp424) {
  const auto leg =
      sampleLeg(401, 1, {std::string("NTLM ") + kMsNlmpChallenge}, "", "none", 0, true);
  const auto ntlm = entryOf(leg).at("_authreplay").at("ntlm");
  ASSERT_TRUE(ntlm.contains("wwwAuthenticate")) << ntlm.dump(2);
  const auto& challenge = ntlm.at("wwwAuthenticate");
  EXPECT_EQ(challenge.at("type"), 2);
  EXPECT_EQ(challenge.at("message"), "CHALLENGE_MESSAGE");
  EXPECT_EQ(challenge.at("flags"), "0xe28a8233");
  EXPECT_EQ(challenge.at("flagNames").front(), "NTLMSSP_NEGOTIATE_UNICODE");
  EXPECT_EQ(challenge.at("targetName"), "Server");
  EXPECT_EQ(challenge.at("targetInfo"),
            (Json::array({{{"id", "MsvAvNbDomainName"}, {"value", "Domain"}},
                          {{"id", "MsvAvNbComputerName"}, {"value", "Server"}}})));
  EXPECT_EQ(challenge.at("version"), "6.0.6000 (NTLM revision 15)");
  EXPECT_FALSE(ntlm.contains("authorization"));
}

TEST(HarEntry, ADamagedNtlmTokenGivesItsProblemNotACrash) {
  // A Type 2 whose TargetNameFields point past the end (offset 0x3800).
  auto bytes = *auth::base64Decode(kMsNlmpChallenge);
  bytes[17] = 0x38;
  const auto leg = sampleLeg(401, 1, {"NTLM " + auth::base64Encode(bytes)}, "", "none", 0, true);
  const auto challenge = entryOf(leg).at("_authreplay").at("ntlm").at("wwwAuthenticate");
  EXPECT_EQ(challenge.at("type"), 2);
  EXPECT_FALSE(challenge.at("problem").get<std::string>().empty());
  EXPECT_FALSE(challenge.contains("flags"));
}

}  // namespace
}  // namespace authreplay::report
