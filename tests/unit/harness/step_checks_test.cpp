// Each expectation kind, checked against hand-made legs: what passes, what fails, and what the
// failure says (actual and expected are what the console and reports print).
#include "expect/step_checks.h"

#include <gtest/gtest.h>

#include "browser/browser_catalogue.h"
#include "expect/proxy_failure.h"
#include "scenario/scenario_loader.h"

namespace authreplay::expect {
namespace {

LegObservation makeLeg(int status, std::optional<int> substatus, std::vector<std::string> offers,
                       std::string sent, long connection, bool opened) {
  http::Exchange exchange;
  exchange.request.method = "GET";
  exchange.request.target = "/app/";
  exchange.response.status = status;
  exchange.connection.id = connection;
  exchange.connection.opened = opened;
  exchange.connection.localPort = 40000 + static_cast<int>(connection);
  LegObservation leg;
  leg.exchange = std::move(exchange);
  leg.substatus = substatus;
  leg.substatusSource = "error page";
  leg.offers = std::move(offers);
  leg.authorization = *scenario::AuthorizationPattern::parse(sent);
  return leg;
}

// The three legs of libcurl's NTLM handshake against IIS (IIS-FACTS.md §1).
std::vector<LegObservation> ntlmHandshake() {
  return {makeLeg(401, 2, {"Negotiate", "NTLM"}, "none", 0, true),
          makeLeg(401, 1, {"NTLM"}, "NTLM/1", 0, false), makeLeg(200, 0, {}, "NTLM/3", 0, false)};
}

scenario::StepExpectations expectations(const std::string& expectJson) {
  const auto s = scenario::parseScenario(
      R"({"id": "t", "title": "t", "steps": [ { "request": { "path": "/app/" }, "expect": )" +
          expectJson + "} ] }",
      "t.json", ".", browser::catalogue());
  return std::get<scenario::RequestStep>(s.steps[0].action).expect;
}

std::vector<CheckResult> failures(const std::vector<CheckResult>& checks) {
  std::vector<CheckResult> out;
  for (const auto& c : checks) {
    if (!c.passed)
      out.push_back(c);
  }
  return out;
}

TEST(StepChecks, AFullNtlmHandshakeMatchesItsDescription) {
  const auto expect = expectations(R"({ "legs": [
      { "sent": "none", "status": 401, "substatus": 2, "offers": ["Negotiate", "NTLM"], "connection": "new" },
      { "sent": "NTLM/1", "status": 401, "substatus": 1, "offers": ["NTLM"], "connection": "same" },
      { "sent": "NTLM/3", "status": 200, "connection": "same" } ], "scheme": "NTLM" })");
  const auto legs = ntlmHandshake();
  const auto checks = checkStep(expect, legs, nullptr);
  EXPECT_EQ(checks.size(), 15u);
  EXPECT_TRUE(failures(checks).empty());
}

TEST(StepChecks, StatusMismatchReportsBothValuesAndThePosition) {
  const auto expect = expectations(R"({ "status": 403 })");
  const auto legs = ntlmHandshake();
  const auto bad = failures(checkStep(expect, legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].subject, "status");
  EXPECT_EQ(bad[0].leg, 3);
  EXPECT_EQ(bad[0].expected, "403");
  EXPECT_EQ(bad[0].actual, "200");
  EXPECT_EQ(bad[0].where.location(), "t.json:1:94");
}

TEST(StepChecks, LegCountIsAssertedWhenLegsAreListed) {
  const auto expect = expectations(R"({ "legs": [ { "status": 401 }, { "status": 200 } ] })");
  const auto legs = ntlmHandshake();
  const auto bad = failures(checkStep(expect, legs, nullptr));
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].subject, "number of legs");
  EXPECT_EQ(bad[0].expected, "2");
  EXPECT_EQ(bad[0].actual, "3");
  EXPECT_EQ(bad[1].subject, "status");  // leg 2 is the Type 1's 401, not 200
}

TEST(StepChecks, LegCountAlone) {
  EXPECT_TRUE(
      failures(checkStep(expectations(R"({ "legCount": 3 })"), ntlmHandshake(), nullptr)).empty());
  EXPECT_EQ(
      failures(checkStep(expectations(R"({ "legCount": 1 })"), ntlmHandshake(), nullptr)).size(),
      1u);
}

TEST(StepChecks, SubstatusUnknownFailsWithTheReason) {
  auto legs = ntlmHandshake();
  legs[0].substatus.reset();
  legs[0].substatusNote = "not a detailed error page";
  const auto bad = failures(
      checkStep(expectations(R"({ "legs": [ { "substatus": 2 }, {}, {} ] })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].actual, "unknown");
  EXPECT_EQ(bad[0].note, "not a detailed error page");
}

TEST(StepChecks, Win32Status) {
  auto legs = ntlmHandshake();
  legs[1].win32Status = 2148074254u;
  EXPECT_TRUE(
      failures(checkStep(expectations(R"({ "legs": [ {}, { "win32Status": 2148074254 }, {} ] })"),
                         legs, nullptr))
          .empty());
  const auto bad = failures(
      checkStep(expectations(R"({ "legs": [ {}, { "win32Status": 5 }, {} ] })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].actual, "2148074254 (error page)");
}

TEST(StepChecks, HttpErrReasonOfALegAndOfTheStep) {
  std::vector<LegObservation> legs = {makeLeg(401, 2, {"Negotiate", "NTLM"}, "none", 0, true),
                                      makeLeg(400, std::nullopt, {}, "Negotiate", 0, false)};
  legs[1].httpErrReason = "FieldLength";
  EXPECT_TRUE(
      failures(checkStep(expectations(R"({ "legs": [ {}, { "httpErrReason": "FieldLength" } ],
                                                 "httpErrReason": "FieldLength" })"),
                         legs, nullptr))
          .empty());
  const auto bad =
      failures(checkStep(expectations(R"({ "httpErrReason": "RequestLength" })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].subject, "httpErrReason");
  EXPECT_EQ(bad[0].leg, 2);
  EXPECT_EQ(bad[0].expected, "RequestLength");
  EXPECT_EQ(bad[0].actual, "FieldLength (HTTPERR log)");
  // Not read: unknown, and the note says why.
  legs[1].httpErrReason.reset();
  legs[1].httpErrNote = "the target reads no HTTPERR log (substatus.httpErrLog)";
  const auto unknown =
      failures(checkStep(expectations(R"({ "httpErrReason": "FieldLength" })"), legs, nullptr));
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].actual, "unknown");
  EXPECT_EQ(unknown[0].note, "the target reads no HTTPERR log (substatus.httpErrLog)");
}

TEST(StepChecks, OffersAreOrderedAndAnEmptyListMeansNoUsableOffer) {
  const auto legs = ntlmHandshake();
  const auto bad = failures(checkStep(
      expectations(R"({ "legs": [ { "offers": ["NTLM", "Negotiate"] }, {}, { "offers": [] } ] })"),
      legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].expected, "NTLM, Negotiate");
  EXPECT_EQ(bad[0].actual, "Negotiate, NTLM");
}

TEST(StepChecks, SentPatternsLeaveOutWhatTheyDoNotCareAbout) {
  const auto legs = ntlmHandshake();
  EXPECT_TRUE(
      failures(
          checkStep(
              expectations(
                  R"({ "legs": [ { "sent": "none" }, { "sent": "NTLM" }, { "sent": "ntlm/3" } ] })"),
              legs, nullptr))
          .empty());
  const auto bad = failures(checkStep(
      expectations(
          R"({ "legs": [ { "sent": "NTLM" }, { "sent": "Negotiate" }, { "sent": "NTLM/1" } ] })"),
      legs, nullptr));
  ASSERT_EQ(bad.size(), 3u);
  EXPECT_EQ(bad[0].actual, "none");
  EXPECT_EQ(bad[2].actual, "NTLM/3");
}

TEST(StepChecks, ContentLengthSent) {
  auto legs = ntlmHandshake();
  legs[1].contentLength = 0;
  legs[2].contentLength = 341;
  EXPECT_TRUE(
      failures(
          checkStep(expectations(
                        R"({ "legs": [ {}, { "contentLength": 0 }, { "contentLength": 341 } ] })"),
                    legs, nullptr))
          .empty());
  EXPECT_EQ(failures(checkStep(expectations(R"({ "legs": [ {}, {}, { "contentLength": 0 } ] })"),
                               legs, nullptr))
                .size(),
            1u);
}

// The HTTP/2 downgrade (issue 14): the reset leg has no status, its version from its request.
TEST(StepChecks, HttpVersionAndStreamReset) {
  auto reset = makeLeg(0, std::nullopt, {}, "none", 0, true);
  reset.exchange.request.httpVersion = "HTTP/2";
  reset.exchange.response.streamReset = "HTTP_1_1_REQUIRED";
  reset.httpVersion = "HTTP/2";
  auto retry = makeLeg(401, 2, {"Negotiate", "NTLM"}, "none", 1, true);
  retry.httpVersion = "HTTP/1.1";
  const std::vector<LegObservation> legs = {reset, retry};
  EXPECT_TRUE(failures(checkStep(expectations(R"({ "httpVersion": "HTTP/1.1", "streamReset": "none",
      "legs": [ { "streamReset": "HTTP_1_1_REQUIRED", "httpVersion": "HTTP/2" },
                { "streamReset": "none", "httpVersion": "HTTP/1.1", "connection": "new" } ] })"),
                                 legs, nullptr))
                  .empty());
  const auto bad = failures(checkStep(expectations(R"({ "legs": [
      { "streamReset": "none", "httpVersion": "HTTP/1.1", "status": 401 },
      { "streamReset": "HTTP_1_1_REQUIRED", "httpVersion": "HTTP/2" } ] })"),
                                      legs, nullptr));
  ASSERT_EQ(bad.size(), 5u);
  EXPECT_EQ(bad[0].subject, "status");
  EXPECT_EQ(bad[0].actual, "no response");
  EXPECT_EQ(bad[1].subject, "httpVersion");
  EXPECT_EQ(bad[1].actual, "HTTP/2");
  EXPECT_EQ(bad[2].subject, "streamReset");
  EXPECT_EQ(bad[2].actual, "HTTP_1_1_REQUIRED");
  EXPECT_EQ(bad[4].subject, "streamReset");
  EXPECT_EQ(bad[4].actual, "none");
  EXPECT_EQ(statusLabel(reset), "reset HTTP_1_1_REQUIRED");
}

// Issue 15: a "same" that failed because the server closed the idle connection says so.
TEST(StepChecks, ASameConnectionCheckSaysTheConnectionWasFoundDead) {
  auto legs = ntlmHandshake();
  legs[2].exchange.connection.id = 1;
  legs[2].exchange.connection.opened = true;
  legs[2].exchange.connection.replacedDeadConnection = true;
  const auto bad = failures(checkStep(
      expectations(R"({ "legs": [ {}, {}, { "connection": "same" } ] })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].note.find("closed while idle"), std::string::npos) << bad[0].note;
  legs[2].exchange.connection.replacedDeadConnection = false;
  const auto plain = failures(checkStep(
      expectations(R"({ "legs": [ {}, {}, { "connection": "same" } ] })"), legs, nullptr));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_TRUE(plain[0].note.empty());
}

// Issue 15 part 1: a forward proxy's own 5xx is recognised by what the proxy says of itself.
TEST(ProxyFailure, SquidsOwn503IsRecognisedAndTheOriginsIsNot) {
  auto leg = makeLeg(503, std::nullopt, {}, "none", 0, true);
  leg.viaProxy = true;
  leg.exchange.proxy = "http://127.0.0.1:3128";
  EXPECT_FALSE(proxyOwnFailure(leg)) << "no proxy header: the origin's 503, passed through";
  leg.exchange.response.headers = {{"Server", "squid/5.7"},
                                   {"X-Squid-Error", "ERR_CONNECT_FAIL 111"}};
  const auto why = proxyOwnFailure(leg);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("answered 503 itself (X-Squid-Error: ERR_CONNECT_FAIL 111)"),
            std::string::npos);
  EXPECT_EQ(statusLabel(leg), "503");
  leg.viaProxy = false;
  EXPECT_FALSE(proxyOwnFailure(leg)) << "not through a proxy";
}

TEST(StepChecks, ConnectionNewSameAndReused) {
  // Type 3 on another connection: what a proxy without pinning does (IIS-FACTS.md §7).
  auto legs = ntlmHandshake();
  legs[2].exchange.connection.id = 1;
  legs[2].exchange.connection.opened = true;
  const auto bad = failures(checkStep(
      expectations(
          R"({ "legs": [ { "connection": "new" }, { "connection": "same" }, { "connection": "same" } ] })"),
      legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].leg, 3);
  EXPECT_EQ(bad[0].actual, "new (#1, local port 40000)");
  // The first leg of a later step on the previous step's connection is "same" and "reused".
  const auto previous = ntlmHandshake().back();
  const std::vector<LegObservation> next{makeLeg(200, 0, {}, "none", 0, false)};
  EXPECT_TRUE(failures(checkStep(expectations(R"({ "legs": [ { "connection": "same" } ] })"), next,
                                 &previous))
                  .empty());
  EXPECT_TRUE(failures(checkStep(expectations(R"({ "legs": [ { "connection": "reused" } ] })"),
                                 next, &previous))
                  .empty());
  EXPECT_EQ(failures(checkStep(expectations(R"({ "legs": [ { "connection": "new" } ] })"), next,
                               &previous))
                .size(),
            1u);
}

TEST(StepChecks, HeadersPresentAbsentEqualMatching) {
  auto legs = ntlmHandshake();
  legs[2].exchange.response.headers = {{"Server", "Microsoft-IIS/10.0"},
                                       {"WWW-Authenticate", "Negotiate oYGzMIGwoAMKAQA="}};
  EXPECT_TRUE(failures(checkStep(expectations(R"({ "headers": { "server": "Microsoft-IIS/10.0",
      "X-Powered-By": { "present": false }, "WWW-Authenticate": { "matches": "^Negotiate " } } })"),
                                 legs, nullptr))
                  .empty());
  const auto bad =
      failures(checkStep(expectations(R"({ "headers": { "Server": { "equals": "Apache" },
      "Persistent-Auth": { "present": true } } })"),
                         legs, nullptr));
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].actual, "Microsoft-IIS/10.0");
  EXPECT_EQ(bad[1].subject, "header Persistent-Auth");
  EXPECT_EQ(bad[1].actual, "(absent)");
}

// A Kerberos AP-REP in WWW-Authenticate appeared whole in the JSON report's "actual" (issue 12).
TEST(StepChecks, HeaderCheckActualShortensAuthenticationTokens) {
  auto legs = ntlmHandshake();
  const std::string apRep =
      "oYG3MIG0oAMKAQChCwYJKoZIhvcSAQICooGfBIGcYIGZBgkqhkiG9xIBAgICAG+BiTCBhqAD"
      "AgEFoQMCAQ+iejB4oAMCARKicQRvyU5M";
  legs[2].exchange.response.headers = {{"WWW-Authenticate", "Negotiate " + apRep}};
  const auto bad = failures(checkStep(
      expectations(R"({ "headers": { "WWW-Authenticate": { "equals": "Negotiate x" } } })"), legs,
      nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].actual,
            "Negotiate oYG3MIG0oAMKAQCh...(" + std::to_string(apRep.size()) + " chars)");
}

TEST(StepChecks, BodyContainsAndMatches) {
  auto legs = ntlmHandshake();
  legs[2].exchange.response.body = "<string>Hello World abc</string>";
  EXPECT_TRUE(
      failures(
          checkStep(
              expectations(
                  R"({ "body": { "contains": "Hello World abc", "matches": "Hello\\s+World" } })"),
              legs, nullptr))
          .empty());
  const auto bad =
      failures(checkStep(expectations(R"({ "body": { "contains": "Goodbye" } })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].actual, "<string>Hello World abc</string>");
}

TEST(StepChecks, UserAndScheme) {
  auto legs = ntlmHandshake();
  legs[2].user = "HARNESS\\alice";
  EXPECT_TRUE(
      failures(checkStep(expectations(R"({ "user": "HARNESS\\alice", "scheme": "NTLM/3" })"), legs,
                         nullptr))
          .empty());
  legs[2].user.reset();
  const auto bad = failures(checkStep(
      expectations(R"({ "user": "HARNESS\\alice", "scheme": "Negotiate" })"), legs, nullptr));
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].subject, "scheme");
  EXPECT_EQ(bad[0].actual, "NTLM/3");
  EXPECT_EQ(bad[1].actual, "unknown");
  EXPECT_FALSE(bad[1].note.empty());
}

}  // namespace
}  // namespace authreplay::expect
