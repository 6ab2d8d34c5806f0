// iis-sim's authentication against the running lab, with libcurl (and, where a test needs a token
// libcurl will not send on purpose, a real gss-ntlmssp initiator): every leg and the W3C log line
// it produced are checked against IIS-FACTS.md §1, §2, §5, §7.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_initiator.h"
#include "auth/ntlm_message.h"
#include "auth/tls_server_end_point.h"
#include "curl_legs.h"
#include "gss_initiator.h"
#include "http/libcurl_ntlm.h"
#include "http_client.h"
#include "lab_env.h"
#include "text/ascii.h"
#include "w3c_log.h"

// These tests drive libcurl's own NTLM (CURLAUTH_NTLM), which libcurl 8.20+ may be built without
// (http/libcurl_ntlm.h): there they cannot run and say so.
#define REQUIRE_LIBCURL_NTLM()             \
  if (!authreplay::http::libcurlHasNtlm()) \
  GTEST_SKIP() << "libcurl's NTLM is needed: " << authreplay::http::libcurlNtlm().missingReason

namespace {

using authreplay::testing::GssInitiator;
using authreplay::testing::HttpClient;
using authreplay::testing::HttpRequestOptions;
using authreplay::testing::HttpResponseRecord;
using authreplay::testing::HttpResult;
using authreplay::testing::LabEnv;
using authreplay::testing::Leg;
using authreplay::testing::LegRecorder;
using authreplay::testing::Transfer;
using authreplay::testing::W3cLine;
namespace ntlm = authreplay::auth::ntlm;

constexpr const char* kInvalidToken = "401 1 2148074248";
constexpr const char* kChallengeSent = "401 1 2148074254";
constexpr const char* kLogonDenied = "401 1 2148074252";
constexpr const char* kSuccess = "200 0 0";
constexpr const char* kBasicLogonFailure = "401 1 1326";  // ERROR_LOGON_FAILURE (§9)
// SEC_E_BAD_BINDINGS: an Extended Protection failure (*unconfirmed* as IIS's logged value, §11).
constexpr const char* kBadBindings = "401 1 2148074310";

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

std::string describe(const Transfer& transfer) {
  std::string text = "curl: " + std::to_string(transfer.result) + " " + transfer.error + "\n";
  for (const Leg& leg : transfer.legs) {
    text += "  " + leg.sent() + " -> " + std::to_string(leg.status) + " [";
    for (const auto& offer : leg.wwwAuthenticate) {
      text += offer.substr(0, 24) + (offer.size() > 24 ? "...; " : "; ");
    }
    text += "] port " + std::to_string(leg.localPort) + "\n";
  }
  return text;
}

std::vector<std::string> triples(const std::vector<W3cLine>& lines) {
  std::vector<std::string> result;
  for (const auto& line : lines) {
    result.push_back(line.statusTriple());
  }
  return result;
}

// The first value of header NAME in one response of a transfer, or nullopt.
std::optional<std::string> headerOf(const HttpResponseRecord& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (authreplay::text::equalsIgnoreCase(key, name)) {
      return value;
    }
  }
  return std::nullopt;
}

// The token of a `WWW-Authenticate: <scheme> <token>` challenge, empty when there is none.
std::vector<std::uint8_t> challengeToken(const Leg& leg, std::string_view scheme) {
  for (const std::string& value : leg.wwwAuthenticate) {
    if (value.size() > scheme.size() + 1 && value.compare(0, scheme.size(), scheme) == 0 &&
        value[scheme.size()] == ' ') {
      return authreplay::auth::base64Decode(value.substr(scheme.size() + 1))
          .value_or(std::vector<std::uint8_t>{});
    }
  }
  return {};
}

class IisSimAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lab_ = LabEnv::load();
    if (!lab_) {
      GTEST_SKIP() << LabEnv::skipReason();
    }
    lab_->exportAll();  // KRB5_CONFIG, KRB5CCNAME (lab ccache), NTLM_USER_FILE
    std::random_device random;
    query_ = std::string("t=") + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
             "-" + std::to_string(random());
  }

  std::string url(const std::string& path, const std::string& base = "AUTHREPLAY_TARGET") const {
    return lab_->get(base) + path + "?" + query_;
  }
  std::string user() const { return lab_->get("AUTHREPLAY_USER"); }
  std::string password() const { return lab_->get("AUTHREPLAY_PASSWORD"); }
  std::vector<W3cLine> logLines(std::size_t expected) const {
    return authreplay::testing::readW3cLines(lab_->get("AUTHREPLAY_W3C_LOG"), query_, expected);
  }

  // An anonymous request first, so the application's first request (KB 2749007) is spent and a
  // pre-authenticated request after it gets a normal handshake. Logged under its own query.
  void warmUp(const std::string& appPath) const {
    LegRecorder client;
    client.perform(lab_->get("AUTHREPLAY_TARGET") + appPath + "?warm-up");
  }

  LegRecorder ntlmClient(const std::string& password) const {
    LegRecorder client;
    curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_NTLM);
    curl_easy_setopt(client.handle(), CURLOPT_USERPWD, (user() + ":" + password).c_str());
    return client;
  }

  void recycle(const std::string& app) const {
    LegRecorder admin;
    curl_easy_setopt(admin.handle(), CURLOPT_POSTFIELDS, "");
    const Transfer result =
        admin.perform(lab_->get("AUTHREPLAY_ADMIN") + "/recycle?site=Default&app=" + app);
    ASSERT_EQ(result.status, 200) << result.body;
  }

  // Sends `Authorization: <value>` on `client`'s connection as the only auth header.
  static Transfer sendAuthorization(LegRecorder& client, const std::string& url,
                                    const std::string& value) {
    Slist headers(curl_slist_append(nullptr, ("Authorization: " + value).c_str()));
    curl_easy_setopt(client.handle(), CURLOPT_HTTPHEADER, headers.get());
    Transfer transfer = client.perform(url);
    curl_easy_setopt(client.handle(), CURLOPT_HTTPHEADER, nullptr);
    return transfer;
  }

  std::optional<LabEnv> lab_;
  std::string query_;
};

// IIS-FACTS.md §1: 401 1 2148074254 for the challenge leg, then 200 0 0 as HARNESS\alice; NTLM
// legs on one connection. libcurl with only NTLM sends its 32-byte Type 1 at once (§8).
TEST_F(IisSimAuthTest, CurlNtlmReaches200OnOneConnection) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  LegRecorder client = ntlmClient(password());
  const Transfer transfer = client.perform(url("/ActiveXTest/ajaxClient2.htm"));
  ASSERT_EQ(transfer.result, CURLE_OK) << describe(transfer);
  EXPECT_EQ(transfer.status, 200) << describe(transfer);
  ASSERT_EQ(transfer.legs.size(), 2u) << describe(transfer);
  const Leg& challenge = transfer.legs[0];
  EXPECT_EQ(challenge.sent(), "NTLM/1");
  EXPECT_EQ(challenge.status, 401);
  EXPECT_EQ(challenge.offeredSchemes(), std::vector<std::string>{"NTLM"});
  EXPECT_EQ(ntlm::messageType(challengeToken(challenge, "NTLM")), ntlm::MessageType::kChallenge);
  const Leg& answer = transfer.legs[1];
  EXPECT_EQ(answer.sent(), "NTLM/3");
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.localPort, challenge.localPort) << "NTLM must stay on one connection";

  const auto lines = logLines(2);
  EXPECT_EQ(triples(lines), (std::vector<std::string>{kChallengeSent, kSuccess}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].username, "HARNESS\\alice");
}

// HTTP.sys keeps the NTLM logon on the connection: the next request needs no header (§5).
TEST_F(IisSimAuthTest, NtlmLogonPersistsOnTheConnection) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  LegRecorder client = ntlmClient(password());
  ASSERT_EQ(client.perform(url("/ActiveXTest/ajaxClient2.htm")).status, 200);
  const Transfer again = client.perform(url("/ActiveXTest/whoami"));
  ASSERT_EQ(again.legs.size(), 1u) << describe(again);
  EXPECT_EQ(again.legs[0].sent(), "anonymous");
  EXPECT_EQ(again.status, 200) << describe(again);
  EXPECT_NE(again.body.find(R"("user":"HARNESS\\alice")"), std::string::npos) << again.body;
  EXPECT_NE(again.body.find(R"("scheme":"NTLM")"), std::string::npos) << again.body;
}

// §1: Kerberos through Negotiate completes in one leg; RFC 4559 §5 mutual authentication token
// on the 200 (libcurl verifies it: a bad token would fail the transfer).
TEST_F(IisSimAuthTest, CurlNegotiateWithTheLabTicketTakesOneLeg) {
  warmUp("/ActiveXTest/");
  LegRecorder client;
  curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
  curl_easy_setopt(client.handle(), CURLOPT_USERPWD, ":");
  const Transfer transfer = client.perform(url("/ActiveXTest/whoami"));
  ASSERT_EQ(transfer.result, CURLE_OK) << describe(transfer);
  ASSERT_EQ(transfer.legs.size(), 1u) << describe(transfer);
  const Leg& leg = transfer.legs[0];
  EXPECT_EQ(leg.sent(), "Negotiate");
  EXPECT_EQ(leg.status, 200);
  ASSERT_EQ(leg.wwwAuthenticate.size(), 1u) << describe(transfer);
  EXPECT_FALSE(challengeToken(leg, "Negotiate").empty()) << "no mutual-auth token on the 200";
  EXPECT_NE(transfer.body.find(R"("user":"HARNESS\\alice")"), std::string::npos) << transfer.body;
  EXPECT_NE(transfer.body.find(R"("scheme":"Negotiate")"), std::string::npos) << transfer.body;
  const auto lines = logLines(1);
  EXPECT_EQ(triples(lines), std::vector<std::string>{kSuccess});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].username, "HARNESS\\alice");
}

// §1: wrong password -> 401 1 2148074252 with the offers again.
TEST_F(IisSimAuthTest, WrongPasswordIsLogonDenied) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  LegRecorder client = ntlmClient("not-" + password());
  const Transfer transfer = client.perform(url("/ActiveXTest/ajaxClient2.htm"));
  EXPECT_EQ(transfer.status, 401) << describe(transfer);
  ASSERT_EQ(transfer.legs.size(), 2u) << describe(transfer);
  EXPECT_EQ(transfer.legs[1].sent(), "NTLM/3");
  EXPECT_EQ(transfer.legs[1].offeredSchemes(), (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_NE(transfer.body.find("HTTP Error 401.1 - Unauthorized"), std::string::npos);
  EXPECT_EQ(triples(logLines(2)), (std::vector<std::string>{kChallengeSent, kLogonDenied}));
}

// Negotiate:Kerberos offers Negotiate only and refuses NTLM; Kerberos itself works there.
TEST_F(IisSimAuthTest, KerberosOnlyAppRefusesNtlmAndAcceptsKerberos) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/KerberosOnly/");
  LegRecorder client = ntlmClient(password());
  const Transfer refused = client.perform(url("/KerberosOnly/"));
  EXPECT_EQ(refused.status, 401) << describe(refused);
  ASSERT_FALSE(refused.legs.empty());
  EXPECT_EQ(refused.legs[0].sent(), "NTLM/1");
  EXPECT_EQ(refused.legs[0].offeredSchemes(), std::vector<std::string>{"Negotiate"});
  EXPECT_EQ(logLines(1).at(0).statusTriple(), kInvalidToken);

  LegRecorder kerberos;
  curl_easy_setopt(kerberos.handle(), CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
  curl_easy_setopt(kerberos.handle(), CURLOPT_USERPWD, ":");
  const Transfer accepted = kerberos.perform(url("/KerberosOnly/"));
  EXPECT_EQ(accepted.status, 200) << describe(accepted);
}

// §1, §7: Type 1 and Type 3 on different connections (what a non-pinning proxy does) ->
// 401 1 2148074248. The same tokens on one connection succeed, so the Type 3 itself is good.
TEST_F(IisSimAuthTest, Type3OnAFreshConnectionIsAnInvalidToken) {
  warmUp("/ActiveXTest/");
  const std::string target = url("/ActiveXTest/ajaxClient2.htm");
  const auto encode = [](const std::vector<std::uint8_t>& token) {
    return "NTLM " + authreplay::auth::base64Encode(token);
  };
  {
    GssInitiator initiator(user(), password(), GssInitiator::Wrapping::kRawNtlm);
    LegRecorder first;
    const Transfer challenge = sendAuthorization(first, target, encode(initiator.step()));
    ASSERT_EQ(challenge.legs.size(), 1u) << describe(challenge);
    const auto type3 = initiator.step(challengeToken(challenge.legs[0], "NTLM"));
    LegRecorder second;  // a new easy handle: a new TCP connection
    const Transfer refused = sendAuthorization(second, target, encode(type3));
    ASSERT_EQ(refused.legs.size(), 1u) << describe(refused);
    EXPECT_NE(refused.legs[0].localPort, challenge.legs[0].localPort);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.legs[0].offeredSchemes(), (std::vector<std::string>{"Negotiate", "NTLM"}));
  }
  {
    GssInitiator initiator(user(), password(), GssInitiator::Wrapping::kRawNtlm);
    LegRecorder one;
    const Transfer challenge = sendAuthorization(one, target, encode(initiator.step()));
    const auto type3 = initiator.step(challengeToken(challenge.legs.at(0), "NTLM"));
    EXPECT_EQ(sendAuthorization(one, target, encode(type3)).status, 200);
  }
  EXPECT_EQ(triples(logLines(4)),
            (std::vector<std::string>{kChallengeSent, kInvalidToken, kChallengeSent, kSuccess}));
}

// KB 2749007 (seed 001): after a recycle, a first request that already carries NTLM gets 401.1
// with the bare offers (no Type 2). libcurl then starts over and succeeds, as later
// pre-authenticated requests are handled normally. /NtlmOnly/ (kernel mode on, like
// /ActiveXTest/) is the one recycled, so tests of other areas running in parallel against
// /ActiveXTest/ are not disturbed.
TEST_F(IisSimAuthTest, KernelModeRefusesPreAuthenticatedFirstRequestAfterRecycle) {
  REQUIRE_LIBCURL_NTLM();
  recycle("/NtlmOnly/");
  LegRecorder client = ntlmClient(password());
  const Transfer transfer = client.perform(url("/NtlmOnly/"));
  ASSERT_GE(transfer.legs.size(), 1u) << describe(transfer);
  EXPECT_EQ(transfer.legs[0].sent(), "NTLM/1");
  EXPECT_EQ(transfer.legs[0].status, 401);
  EXPECT_EQ(transfer.legs[0].wwwAuthenticate, std::vector<std::string>{"NTLM"})
      << "the kernel-mode 401.1 offers the provider without a challenge";
  EXPECT_EQ(transfer.status, 200) << describe(transfer);
  const auto lines = logLines(transfer.legs.size());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].statusTriple(), kChallengeSent);
  EXPECT_EQ(lines.back().statusTriple(), kSuccess);
}

TEST_F(IisSimAuthTest, WithoutKernelModeThePreAuthenticatedFirstRequestIsChallenged) {
  REQUIRE_LIBCURL_NTLM();
  recycle("/KernelModeOff/");
  LegRecorder client = ntlmClient(password());
  const Transfer transfer = client.perform(url("/KernelModeOff/"));
  ASSERT_EQ(transfer.legs.size(), 2u) << describe(transfer);
  EXPECT_EQ(ntlm::messageType(challengeToken(transfer.legs[0], "NTLM")),
            ntlm::MessageType::kChallenge);
  EXPECT_EQ(transfer.status, 200);
}

// §7: squid's default pins the client connection to one server connection: NTLM works.
TEST_F(IisSimAuthTest, CurlNtlmThroughThePinningProxyReaches200) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  LegRecorder client = ntlmClient(password());
  curl_easy_setopt(client.handle(), CURLOPT_PROXY, lab_->get("AUTHREPLAY_PROXY_PINNED").c_str());
  const Transfer transfer = client.perform(url("/ActiveXTest/ajaxClient2.htm"));
  EXPECT_EQ(transfer.status, 200) << describe(transfer);
  ASSERT_EQ(transfer.legs.size(), 2u) << describe(transfer);
  EXPECT_EQ(transfer.legs[1].sent(), "NTLM/3");
  EXPECT_EQ(triples(logLines(2)), (std::vector<std::string>{kChallengeSent, kSuccess}));
}

// §7: connection-auth=off deletes the NTLM/Negotiate challenges: the client is left with a 401
// and nothing usable, although iis-sim did send its Type 2.
TEST_F(IisSimAuthTest, CurlNtlmThroughTheUnpinnedProxyFails) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  LegRecorder client = ntlmClient(password());
  curl_easy_setopt(client.handle(), CURLOPT_PROXY, lab_->get("AUTHREPLAY_PROXY_UNPINNED").c_str());
  const Transfer transfer = client.perform(url("/ActiveXTest/ajaxClient2.htm"));
  EXPECT_EQ(transfer.status, 401) << describe(transfer);
  ASSERT_FALSE(transfer.legs.empty());
  EXPECT_EQ(transfer.legs[0].sent(), "NTLM/1");
  for (const Leg& leg : transfer.legs) {
    for (const std::string& scheme : leg.offeredSchemes()) {
      EXPECT_TRUE(scheme != "NTLM" && scheme != "Negotiate") << describe(transfer);
    }
  }
  EXPECT_EQ(logLines(1).at(0).statusTriple(), kChallengeSent);
}

// Basic over TLS, checked against the lab's user file.
TEST_F(IisSimAuthTest, BasicOverTlsChecksTheUserFile) {
  const auto basic = [&](const std::string& password) {
    LegRecorder client;
    curl_easy_setopt(client.handle(), CURLOPT_CAINFO, lab_->get("AUTHREPLAY_CA").c_str());
    curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(client.handle(), CURLOPT_USERPWD, (user() + ":" + password).c_str());
    return client.perform(url("/BasicTls/whoami", "AUTHREPLAY_TARGET_TLS"));
  };
  const Transfer good = basic(password());
  EXPECT_EQ(good.status, 200) << describe(good);
  EXPECT_NE(good.body.find(R"("scheme":"Basic")"), std::string::npos) << good.body;
  const Transfer wrong = basic("not-" + password());
  EXPECT_EQ(wrong.status, 401) << describe(wrong);
  EXPECT_EQ(triples(logLines(2)), (std::vector<std::string>{kSuccess, kBasicLogonFailure}));
}

// §9: a refused Basic logon is logged with the user name the client sent (never the password)
// and 401 1 1326, ERROR_LOGON_FAILURE from LogonUser, not an SSPI status.
TEST_F(IisSimAuthTest, FailedBasicLogonLogsTheSuppliedUserAndLogonFailure) {
  const auto refused = [&](const std::string& userName) {
    LegRecorder client;
    curl_easy_setopt(client.handle(), CURLOPT_CAINFO, lab_->get("AUTHREPLAY_CA").c_str());
    curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(client.handle(), CURLOPT_USERPWD, (userName + ":not-the-password").c_str());
    const Transfer transfer = client.perform(url("/BasicTls/whoami", "AUTHREPLAY_TARGET_TLS"));
    EXPECT_EQ(transfer.status, 401) << describe(transfer);
    // A Basic-only 401 offers no connection-based scheme: nothing for a proxy to pin.
    ASSERT_FALSE(transfer.legs.empty());
    EXPECT_EQ(transfer.legs.back().offeredSchemes(), std::vector<std::string>{"Basic"});
  };
  refused(user());     // HARNESS\alice, as typed
  refused("mallory");  // no such account: the same answer, with the name as sent
  const auto lines = logLines(2);
  EXPECT_EQ(triples(lines), (std::vector<std::string>{kBasicLogonFailure, kBasicLogonFailure}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].username, user());
  EXPECT_EQ(lines[1].username, "mallory");
}

// MS-N2HT §3.3.5: the response that completes a Negotiate logon says whether the connection stays
// authenticated; later requests on it carry no new logon and so no header.
TEST_F(IisSimAuthTest, KerberosLogonSaysWhetherItPersists) {
  warmUp("/ActiveXTest/");
  warmUp("/PersistOff/");
  HttpRequestOptions negotiate;
  negotiate.url = url("/ActiveXTest/whoami");
  negotiate.httpAuth = CURLAUTH_NEGOTIATE;
  negotiate.userPassword = ":";
  HttpClient persisting;
  const HttpResult logon = persisting.perform(negotiate);
  ASSERT_TRUE(logon) << logon.errorText;
  EXPECT_EQ(logon.status, 200);
  EXPECT_EQ(logon.header("Persistent-Auth"), "true");
  EXPECT_FALSE(logon.header("Proxy-Support"));
  HttpRequestOptions plain;
  plain.url = negotiate.url;
  const HttpResult kept = persisting.perform(plain);
  ASSERT_TRUE(kept) << kept.errorText;
  EXPECT_EQ(kept.status, 200);
  EXPECT_EQ(kept.numConnects, 0) << "the same connection";
  EXPECT_FALSE(kept.header("Persistent-Auth"));

  // authPersistNonNTLM false: the logon lasts this request, and the server says so.
  negotiate.url = url("/PersistOff/whoami");
  HttpClient perRequest;
  const HttpResult once = perRequest.perform(negotiate);
  ASSERT_TRUE(once) << once.errorText;
  EXPECT_EQ(once.status, 200);
  EXPECT_EQ(once.header("Persistent-Auth"), "false");
}

// The NTLM challenge leg carries HTTP.sys's Proxy-Support (KB 2749007's capture) and no
// Persistent-Auth; the Type 3's 200 says `true` (NTLM persists), `false` under
// authPersistSingleRequest, nothing where persistentAuthAfterNtlm is off (*unconfirmed* for IIS).
TEST_F(IisSimAuthTest, NtlmLogonSaysPersistentAuthAndTheChallengeAsksForSessionProxies) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/ActiveXTest/");
  warmUp("/SingleRequest/");
  warmUp("/NtlmNoPersistentAuth/");
  const auto ntlm = [&](const std::string& path) {
    HttpRequestOptions request;
    request.url = url(path);
    request.httpAuth = CURLAUTH_NTLM;
    request.userPassword = user() + ":" + password();
    HttpClient client;
    return client.perform(request);
  };
  const HttpResult result = ntlm("/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(result) << result.errorText;
  ASSERT_EQ(result.responses.size(), 2u);
  const HttpResponseRecord& challenge = result.responses[0];
  EXPECT_EQ(challenge.status, 401);
  EXPECT_EQ(headerOf(challenge, "Proxy-Support"), "Session-Based-Authentication");
  EXPECT_FALSE(headerOf(challenge, "Persistent-Auth"));
  const HttpResponseRecord& answer = result.responses[1];
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(headerOf(answer, "Persistent-Auth"), "true");
  EXPECT_FALSE(headerOf(answer, "Proxy-Support"));

  const HttpResult single = ntlm("/SingleRequest/index.htm");
  ASSERT_TRUE(single) << single.errorText;
  EXPECT_EQ(single.status, 200);
  EXPECT_EQ(single.header("Persistent-Auth"), "false");

  const HttpResult quiet = ntlm("/NtlmNoPersistentAuth/index.htm");
  ASSERT_TRUE(quiet) << quiet.errorText;
  EXPECT_EQ(quiet.status, 200);
  EXPECT_FALSE(quiet.header("Persistent-Auth"));
}

// A Kerberos token from a real initiator with the lab ccache, as "Negotiate <base64>".
std::string kerberosAuthorization(const GssInitiator::KerberosTarget& target = {}) {
  GssInitiator initiator(target);
  return "Negotiate " + authreplay::auth::base64Encode(initiator.step());
}

// §5 authPersistNonNTLM: true (the default) keeps a Kerberos logon on the connection, false makes
// every request authenticate again.
TEST_F(IisSimAuthTest, KerberosLogonPersistsOnlyWithAuthPersistNonNtlm) {
  warmUp("/ActiveXTest/");
  warmUp("/PersistOff/");
  LegRecorder persisting;
  const Transfer logon =
      sendAuthorization(persisting, url("/ActiveXTest/whoami"), kerberosAuthorization());
  EXPECT_EQ(logon.status, 200) << describe(logon);
  const Transfer kept = persisting.perform(url("/ActiveXTest/whoami"));
  EXPECT_EQ(kept.status, 200) << describe(kept);
  EXPECT_EQ(kept.legs.at(0).localPort, logon.legs.at(0).localPort);
  EXPECT_NE(kept.body.find(R"("user":"HARNESS\\alice")"), std::string::npos) << kept.body;

  LegRecorder perRequest;
  const Transfer perRequestLogon =
      sendAuthorization(perRequest, url("/PersistOff/whoami"), kerberosAuthorization());
  EXPECT_EQ(perRequestLogon.status, 200) << describe(perRequestLogon);
  const Transfer forgotten = perRequest.perform(url("/PersistOff/whoami"));
  EXPECT_EQ(forgotten.status, 401) << describe(forgotten);
  EXPECT_EQ(forgotten.legs.at(0).localPort, perRequestLogon.legs.at(0).localPort)
      << "same connection, yet the Kerberos logon is gone";
  EXPECT_EQ(triples(logLines(4)),
            (std::vector<std::string>{kSuccess, kSuccess, kSuccess, "401 2 5"}));
}

// §5 authPersistSingleRequest: even an NTLM logon lasts one request.
TEST_F(IisSimAuthTest, AuthPersistSingleRequestForgetsTheNtlmLogon) {
  REQUIRE_LIBCURL_NTLM();
  warmUp("/SingleRequest/");
  LegRecorder client = ntlmClient(password());
  ASSERT_EQ(client.perform(url("/SingleRequest/whoami")).status, 200);
  curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_NONE);
  const Transfer next = client.perform(url("/SingleRequest/whoami"));
  EXPECT_EQ(next.legs.at(0).sent(), "anonymous");
  EXPECT_EQ(next.status, 401) << describe(next);
}

// Extended Protection over real TLS (issue 13, docs/lab.md /Epa*/): libcurl's NTLM never puts a
// channel binding in its Type 3 (MsvAvChannelBindings absent), so tokenChecking Require refuses
// it after a correct password, Allow and None serve it, and Require with flags Proxy still wants
// a binding (HTTP_CHANNEL_BIND_PROXY: "CBT is checked not to be equal to 'unbound'").
TEST_F(IisSimAuthTest, CurlNtlmOverTlsHasNoChannelBinding) {
  REQUIRE_LIBCURL_NTLM();
  const auto ntlmOverTls = [&](const std::string& app) {
    LegRecorder client = ntlmClient(password());
    curl_easy_setopt(client.handle(), CURLOPT_CAINFO, lab_->get("AUTHREPLAY_CA").c_str());
    return client.perform(url(app + "whoami", "AUTHREPLAY_TARGET_TLS"));
  };
  const Transfer required = ntlmOverTls("/EpaRequire/");
  ASSERT_EQ(required.legs.size(), 2u) << describe(required);
  EXPECT_EQ(required.legs[1].sent(), "NTLM/3");
  EXPECT_EQ(required.status, 401) << describe(required);
  EXPECT_EQ(required.legs[1].offeredSchemes(), (std::vector<std::string>{"Negotiate", "NTLM"}));
  const Transfer allowed = ntlmOverTls("/EpaAllow/");
  EXPECT_EQ(allowed.status, 200) << describe(allowed);
  EXPECT_NE(allowed.body.find(R"("user":"HARNESS\\alice")"), std::string::npos) << allowed.body;
  const Transfer none = ntlmOverTls("/EpaNone/");
  EXPECT_EQ(none.status, 200) << describe(none);
  const Transfer proxy = ntlmOverTls("/EpaProxy/");
  EXPECT_EQ(proxy.status, 401) << describe(proxy);
  EXPECT_EQ(triples(logLines(8)),
            (std::vector<std::string>{kChallengeSent, kBadBindings, kChallengeSent, kSuccess,
                                      kChallengeSent, kSuccess, kChallengeSent, kBadBindings}));
}

// A Windows-style client (the project's NTLM initiator in kWindowsSspi style, as IE 11 and Edge
// bind) over real TLS: bound to the tls-server-end-point of the certificate the connection
// actually served (read back through CURLINFO_CERTINFO), /EpaRequire/ logs it on; bound to another
// certificate (the lab CA's, standing for a TLS-terminating proxy's) it gets 401.1.
TEST_F(IisSimAuthTest, NtlmBoundToTheServedCertificateLogsOnToEpaRequire) {
  const std::string target = url("/EpaRequire/whoami", "AUTHREPLAY_TARGET_TLS");
  const auto handshake = [&](bool useServedCertificate) {
    LegRecorder client;
    curl_easy_setopt(client.handle(), CURLOPT_CAINFO, lab_->get("AUTHREPLAY_CA").c_str());
    curl_easy_setopt(client.handle(), CURLOPT_CERTINFO, 1L);
    const Transfer anonymous = client.perform(target);
    EXPECT_EQ(anonymous.status, 401) << describe(anonymous);
    std::string pem;
    curl_certinfo* info = nullptr;
    if (curl_easy_getinfo(client.handle(), CURLINFO_CERTINFO, &info) == CURLE_OK && info &&
        info->num_of_certs > 0) {
      for (curl_slist* item = info->certinfo[0]; item != nullptr; item = item->next) {
        if (std::string_view(item->data).rfind("Cert:", 0) == 0)
          pem = item->data + 5;
      }
    }
    if (!useServedCertificate) {
      std::ifstream ca(lab_->get("AUTHREPLAY_CA"));
      pem.assign(std::istreambuf_iterator<char>(ca), {});
    }
    auto binding = authreplay::auth::tlsServerEndPointOfPem(pem);
    EXPECT_TRUE(std::holds_alternative<authreplay::auth::ChannelBindingData>(binding))
        << "no certificate from CURLINFO_CERTINFO";
    ntlm::InitiatorConfig config;
    config.style = ntlm::ClientStyle::kWindowsSspi;
    config.domain = "HARNESS";
    config.user = "alice";
    config.ntHash = ntlm::ntowfV1(password());
    config.workstation = "WIN10-CLIENT";
    config.spn = "HTTP/localhost";
    if (auto* bytes = std::get_if<authreplay::auth::ChannelBindingData>(&binding))
      config.channelBindings = *bytes;
    ntlm::NtlmInitiator initiator(std::move(config));
    const Transfer challenge = sendAuthorization(
        client, target, "NTLM " + authreplay::auth::base64Encode(initiator.negotiate()));
    EXPECT_FALSE(challenge.legs.empty()) << describe(challenge);
    auto type3 = initiator.authenticate(challengeToken(challenge.legs.back(), "NTLM"));
    EXPECT_TRUE(std::holds_alternative<ntlm::Bytes>(type3));
    const auto* bytes = std::get_if<ntlm::Bytes>(&type3);
    const Transfer answer = sendAuthorization(
        client, target, "NTLM " + authreplay::auth::base64Encode(bytes ? *bytes : ntlm::Bytes{}));
    EXPECT_EQ(answer.legs.back().localPort, anonymous.legs.back().localPort) << "one connection";
    return answer;
  };
  const Transfer bound = handshake(true);
  EXPECT_EQ(bound.status, 200) << describe(bound);
  EXPECT_NE(bound.body.find(R"("scheme":"NTLM")"), std::string::npos) << bound.body;
  const Transfer offloaded = handshake(false);
  EXPECT_EQ(offloaded.status, 401) << describe(offloaded);
  EXPECT_EQ(triples(logLines(6)),
            (std::vector<std::string>{"401 2 5", kChallengeSent, kSuccess, "401 2 5",
                                      kChallengeSent, kBadBindings}));
}

// Over plain HTTP there is no channel to bind to: Require checks only the service name, and with
// no spn list configured nothing (extended_protection.cpp, *unconfirmed*).
TEST_F(IisSimAuthTest, CurlNtlmOverPlainHttpToEpaRequireLogsOn) {
  REQUIRE_LIBCURL_NTLM();
  LegRecorder client = ntlmClient(password());
  const Transfer transfer = client.perform(url("/EpaRequire/whoami"));
  EXPECT_EQ(transfer.status, 200) << describe(transfer);
  EXPECT_EQ(triples(logLines(2)), (std::vector<std::string>{kChallengeSent, kSuccess}));
}

// Kerberos with libcurl over TLS to Allow: served whether this libcurl binds its GSS-API context
// to the channel or not (curl 7.88 does not; MIT accepts a missing binding).
TEST_F(IisSimAuthTest, CurlNegotiateOverTlsToEpaAllowLogsOn) {
  LegRecorder client;
  curl_easy_setopt(client.handle(), CURLOPT_CAINFO, lab_->get("AUTHREPLAY_CA").c_str());
  curl_easy_setopt(client.handle(), CURLOPT_HTTPAUTH, CURLAUTH_NEGOTIATE);
  curl_easy_setopt(client.handle(), CURLOPT_USERPWD, ":");
  const Transfer transfer = client.perform(url("/EpaAllow/whoami", "AUTHREPLAY_TARGET_TLS"));
  EXPECT_EQ(transfer.status, 200) << describe(transfer);
  EXPECT_NE(transfer.body.find(R"("scheme":"Negotiate")"), std::string::npos) << transfer.body;
  EXPECT_EQ(triples(logLines(1)), std::vector<std::string>{kSuccess});
}

// A Kerberos AP-REQ with a damaged byte: 401.1 and the offers again, never a crash.
TEST_F(IisSimAuthTest, DamagedKerberosTicketIsRefused) {
  warmUp("/ActiveXTest/");
  GssInitiator initiator(GssInitiator::KerberosTarget{});
  auto token = initiator.step();
  ASSERT_GT(token.size(), 200u);
  token[token.size() / 2] ^= 0x5a;  // inside the ticket's encrypted part
  LegRecorder client;
  const Transfer refused = sendAuthorization(client, url("/ActiveXTest/whoami"),
                                             "Negotiate " + authreplay::auth::base64Encode(token));
  EXPECT_EQ(refused.status, 401) << describe(refused);
  EXPECT_EQ(refused.legs.at(0).offeredSchemes(), (std::vector<std::string>{"Negotiate", "NTLM"}));
  const auto lines = logLines(1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].status, 401);
  EXPECT_EQ(lines[0].substatus, 1);
}

// A ticket for a service whose key is not in iis-sim's keytab (the wrong SPN): 401.1.
TEST_F(IisSimAuthTest, TicketForAnotherServiceIsRefused) {
  warmUp("/ActiveXTest/");
  LegRecorder client;
  const Transfer refused = sendAuthorization(
      client, url("/ActiveXTest/whoami"),
      kerberosAuthorization({lab_->get("AUTHREPLAY_KRB5_PRINCIPAL"), /*principal=*/true}));
  EXPECT_EQ(refused.status, 401) << describe(refused);
  EXPECT_EQ(refused.legs.at(0).offeredSchemes(), (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_EQ(triples(logLines(1)), std::vector<std::string>{kLogonDenied});
}

// The same AP-REQ twice: the acceptor's replay cache refuses the second, as Windows does.
TEST_F(IisSimAuthTest, ReplayedKerberosTicketIsRefused) {
  warmUp("/ActiveXTest/");
  const std::string authorization = kerberosAuthorization();
  LegRecorder first;
  EXPECT_EQ(sendAuthorization(first, url("/ActiveXTest/whoami"), authorization).status, 200);
  LegRecorder replay;
  EXPECT_EQ(sendAuthorization(replay, url("/ActiveXTest/whoami"), authorization).status, 401);
}

}  // namespace
