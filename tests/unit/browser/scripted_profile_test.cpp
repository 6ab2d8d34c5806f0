// The scripted browsers' leg decisions (ie11, edge, chrome, dotnet), leg by leg, against a scripted
// transport and fake token producers: no network, no GSSAPI. Each test is one behaviour a user
// would see on the wire (seed 000, seed 001, IIS-FACTS.md §6, §7).
#include "browser/scripted_profile.h"

#include <gtest/gtest.h>

#include <tuple>

#include "auth/base64.h"
#include "auth/leg_label.h"
#include "auth/tls_server_end_point.h"
#include "browser/browser_catalogue.h"
#include "fixed_certificates.h"
#include "run/step_driver.h"
#include "scripted_transport.h"

namespace authreplay::browser {
namespace {

using testing::headerOf;
using testing::ScriptedResponse;
using testing::ScriptedTransport;

// An NTLMSSP message of TYPE (signature, type, zero padding): enough for the leg label.
std::string ntlmToken(std::uint8_t type) {
  std::vector<std::uint8_t> bytes = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, type, 0, 0, 0};
  bytes.resize(40, 0);
  return auth::base64Encode(bytes);
}

// A GSS-framed Kerberos AP-REQ (RFC 4121 §4.1: the krb5 OID, TOK_ID 01 00, [APPLICATION 14]) with
// nothing inside: enough for the leg label "Negotiate(Kerberos)/AP-REQ".
constexpr const char* kApReq = "YBEGCSqGSIb3EgECAgEAbgIwAA==";
// The lab's 401.1 to a ticket its keytab cannot decrypt: SPNEGO reject around MIT's KRB-ERROR 31.
constexpr const char* kKrbErrorChallenge =
    "Negotiate "
    "oYGBMH+gAwoBAqJ4BHZgdAYJKoZIhvcSAQICAwB+ZTBjoAMCAQWhAwIBHqQRGA8yMDI2MTIwNzE0MTEwOVqlBQIDBEWZ"
    "pgMCAR+pDhsMSEFSTkVTUy5URVNUqigwJqADAgEDoR8wHRsESFRUUBsVd3JvbmdrZXkuaGFybmVzcy50ZXN0";

// A producer that answers like NTLM (Type 1, then Type 3 for any challenge) or, with oneLeg, like
// Kerberos (one token, complete at once).
class FakeProducer : public auth::TokenProducer {
 public:
  FakeProducer(std::string scheme, bool oneLeg, bool fail = false)
      : scheme_(std::move(scheme)), oneLeg_(oneLeg), fail_(fail) {}
  std::string_view scheme() const override { return scheme_; }
  auth::Result<std::string> first() override {
    if (fail_)
      return auth::ProducerError{"Negotiate", "Kerberos failed (no SPN) and NTLM is refused"};
    if (oneLeg_) {
      done_ = true;
      return scheme_ + " " + kApReq;
    }
    if (scheme_ == "Basic")
      return std::string("Basic YWxpY2U6cHc=");
    return scheme_ + " " + ntlmToken(1);
  }
  auth::Result<std::string> next(std::string_view) override {
    done_ = true;
    return scheme_ + " " + ntlmToken(3);
  }
  bool complete() const override { return done_; }
  std::string mechanism() const override { return oneLeg_ ? "Kerberos" : "NTLM"; }

 private:
  std::string scheme_;
  bool oneLeg_;
  bool fail_;
  bool done_ = false;
};

struct Factory {
  bool kerberos = false;       // Negotiate produces one-leg (Kerberos-like) tokens
  bool failNegotiate = false;  // Negotiate's first token cannot be made
  std::vector<auth::ProducerSpec> specs;

  TokenFactory get() {
    return
        [this](
            const auth::ProducerSpec& spec) -> auth::Result<std::unique_ptr<auth::TokenProducer>> {
          specs.push_back(spec);
          const std::string scheme = spec.mechanism == auth::Mechanism::kNtlm    ? "NTLM"
                                     : spec.mechanism == auth::Mechanism::kBasic ? "Basic"
                                                                                 : "Negotiate";
          const bool oneLeg = scheme == "Negotiate" && kerberos;
          return std::unique_ptr<auth::TokenProducer>(std::make_unique<FakeProducer>(
              scheme, oneLeg, failNegotiate && scheme == "Negotiate"));
        };
  }
};

ClientCredentials alice() {
  ClientCredentials c;
  c.present = true;
  c.user = "HARNESS\\alice";
  c.password = auth::Secret("pw");
  return c;
}

// alice with a Kerberos ticket (a ccache) besides her password.
ClientCredentials aliceWithTicket() {
  auto credentials = alice();
  credentials.kerberos = true;
  credentials.kerberosCcache = "FILE:/tmp/cc";
  return credentials;
}

const std::vector<http::Header> kOffers = {{"WWW-Authenticate", "Negotiate"},
                                           {"WWW-Authenticate", "NTLM"}};

http::TransferRequest get(const std::string& path) {
  http::TransferRequest r;
  r.url = "http://localhost:8080" + path;
  return r;
}

http::TransferRequest post(const std::string& path, const std::string& body = "<soap/>") {
  auto r = get(path);
  r.method = "POST";
  r.body = body;
  return r;
}

std::string label(const http::TransferRequest& request) {
  const auto value = headerOf(request, "Authorization");
  return value.empty() ? "none" : auth::legLabel(value);
}

BrowserSwitches ntlmOnly(const std::string& browser) {
  auto s = defaultSwitches(browser);
  s.preference = {
      auth::Scheme::kNtlm};  // IE with "Enable Integrated Windows Authentication" off (seed 000)
  return s;
}

// The page's NTLM logon in /ActiveXTest/ on connection 0: 401.2, Type 1 -> challenge, Type 3 ->
// 200.
void logOn(ScriptedProfile& profile, ScriptedTransport& wire) {
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(profile, wire, get("/ActiveXTest/ajaxClient2.htm")));
}

TEST(Ie11Profile, AnonymousFirstThenNtlmOnTheSameConnection) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  const auto& sent = wire.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(label(sent[0]), "none");
  EXPECT_EQ(label(sent[1]), "NTLM/1");
  EXPECT_EQ(label(sent[2]), "NTLM/3");
  for (const auto& leg : sent) {
    EXPECT_EQ(leg.reuse, http::ConnectionReuse::kReuse);
    EXPECT_EQ(leg.auth.schemes.size(), 0u) << "never libcurl's own authentication";
    EXPECT_NE(headerOf(leg, "User-Agent").find("Trident/7.0"), std::string::npos);
  }
  // The SPN is HTTP/<host> without the port, as IE builds it (IIS-FACTS.md §6).
  ASSERT_EQ(factory.specs.size(), 1u);
  EXPECT_EQ(factory.specs[0].host, "localhost");
  EXPECT_FALSE(factory.specs[0].spnIncludesPort);
  // Windows SSPI's NTLM messages, MsvAvTargetName HTTP/localhost (issue 9).
  EXPECT_EQ(factory.specs[0].ntlmStyle, auth::ntlm::ClientStyle::kWindowsSspi);
  EXPECT_EQ(auth::ntlmTargetName(factory.specs[0]), "HTTP/localhost");
  // NTLM authenticated connection 0 (IIS-FACTS.md §5); the proxy side never took part.
  EXPECT_EQ(ie.connectionState(0).origin, AuthState::kAuthenticated);
  EXPECT_EQ(ie.connectionState(0).proxy, AuthState::kNone);
}

// A Type 3 answered with 401 and no challenge is a refused logon: the connection is not
// authenticated, so the next request there starts over instead of going without a header.
TEST(Ie11Profile, ARefusedHandshakeLeavesTheConnectionRefused) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({401, kOffers, 0});  // 401.1: logon failed
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/ajaxClient2.htm")));
  EXPECT_EQ(ie.connectionState(0).origin, AuthState::kRefused);
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/other.htm")));
  EXPECT_EQ(label(wire.sent()[3]), "NTLM/1") << "pre-authenticated again: not authenticated";
  EXPECT_EQ(ie.connectionState(0).origin, AuthState::kAuthenticated);
}

// Chrome sends Chromium's NTLM and Edge Windows SSPI's, both for CreateSPN's HTTP/host:port; both
// wait for the challenge as Chromium does (issue 9).
TEST(ChromiumProfiles, ChromeAndEdgeDifferOnlyInWhoseNtlmTheySend) {
  for (const char* browser : {"chrome", "edge"}) {
    Factory factory;
    ScriptedProfile profile(ntlmOnly(browser), alice(), factory.get());
    ScriptedTransport wire;
    logOn(profile, wire);
    const auto& sent = wire.sent();
    ASSERT_EQ(sent.size(), 3u) << browser;
    EXPECT_EQ(label(sent[0]), "none") << browser;
    EXPECT_EQ(label(sent[1]), "NTLM/1") << browser;
    ASSERT_EQ(factory.specs.size(), 1u) << browser;
    EXPECT_EQ(factory.specs[0].ntlmStyle, std::string(browser) == "chrome"
                                              ? auth::ntlm::ClientStyle::kChromium
                                              : auth::ntlm::ClientStyle::kWindowsSspi);
    EXPECT_EQ(auth::ntlmTargetName(factory.specs[0]), "HTTP/localhost:8080") << browser;
    // A new connection in the challenged space: IE would pre-authenticate, Chromium does not.
    auto again = get("/ActiveXTest/other.htm");
    again.reuse = http::ConnectionReuse::kFresh;
    wire.answer({200, {}, 1});
    ASSERT_TRUE(run::driveStep(profile, wire, again)) << browser;
    EXPECT_EQ(label(wire.sent().back()), "none") << "no NTLM pre-authentication: " << browser;
  }
}

TEST(Ie11Profile, PostBeneathAChallengedFolderGoesEmptyWithAType1) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  wire.answer({400, {}, 0});  // the anonymous service and its empty SOAP request (seed 000)
  const auto result = run::driveStep(ie, wire, post("/ActiveXTest/Anonymous/WebService.asmx"));
  ASSERT_TRUE(result);
  ASSERT_EQ(wire.sent().size(), 4u) << "the 400 is all the server gets: no body follows";
  const auto& postLeg = wire.sent()[3];
  EXPECT_EQ(label(postLeg), "NTLM/1");
  EXPECT_EQ(postLeg.body, std::string());
}

TEST(Ie11Profile, EmptyPostIsAnsweredAndTheBodyGoesWithTheType3) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, post("/ActiveXTest/WebService.asmx", "<envelope/>")));
  ASSERT_EQ(wire.sent().size(), 5u);
  EXPECT_EQ(wire.sent()[3].body, std::string());
  EXPECT_EQ(label(wire.sent()[4]), "NTLM/3");
  EXPECT_EQ(wire.sent()[4].body, std::string("<envelope/>"));
}

TEST(Ie11Profile, DisableNtlmPreAuthSendsTheBodyAnonymously) {
  Factory factory;
  auto switches = ntlmOnly("ie11");
  switches.ntlmPreAuth = false;
  ScriptedProfile ie(switches, alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, post("/ActiveXTest/Anonymous/WebService.asmx")));
  EXPECT_EQ(label(wire.sent()[3]), "none");
  EXPECT_EQ(wire.sent()[3].body, std::string("<soap/>"));
}

TEST(Ie11Profile, NoPreAuthOutsideTheChallengedSpace) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  wire.answer({200, {}, 1, true});
  auto other = post("/Other/WebService.asmx");
  ASSERT_TRUE(run::driveStep(ie, wire, other));
  EXPECT_EQ(label(wire.sent()[3]), "none");
  wire.answer({200, {}, 2, true});
  auto secondSite = post("/ActiveXTest/WebService.asmx");
  secondSite.url = "http://127.0.0.1:9090/ActiveXTest/WebService.asmx";
  ASSERT_TRUE(run::driveStep(ie, wire, secondSite));
  EXPECT_EQ(label(wire.sent()[4]), "none") << "another host and port is another origin";
}

TEST(Ie11Profile, PreAuthenticatesAGetOnANewConnectionButNotOnTheAuthenticatedOne) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(ie, wire);
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/other.htm")));
  EXPECT_EQ(label(wire.sent()[3]), "none")
      << "connection 0 is authenticated (NTLM is per connection)";
  // KB 2749007: a new connection after a recycle starts with the Type 1 and gets 401.1 with the
  // bare offers: nothing to answer, the step ends (IE prompts).
  wire.answer({401, kOffers, 1, true});
  auto fresh = get("/ActiveXTest/other.htm");
  fresh.reuse = http::ConnectionReuse::kFresh;
  ASSERT_TRUE(run::driveStep(ie, wire, fresh));
  ASSERT_EQ(wire.sent().size(), 5u);
  EXPECT_EQ(label(wire.sent()[4]), "NTLM/1");
  EXPECT_EQ(wire.sent()[4].reuse, http::ConnectionReuse::kFresh);
  EXPECT_TRUE(wire.sent()[4].soleConnection);
  EXPECT_EQ(wire.remaining(), 0u);
}

TEST(Ie11Profile, ReconnectAfter401OpensANewConnectionForTheType1) {
  Factory factory;
  auto switches = ntlmOnly("ie11");
  switches.reconnectAfter401 = true;
  ScriptedProfile ie(switches, alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 1, true});
  wire.answer({200, {}, 1});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/ajaxClient2.htm")));
  EXPECT_EQ(wire.sent()[1].reuse, http::ConnectionReuse::kFresh);
  EXPECT_TRUE(wire.sent()[1].soleConnection) << "the anonymous request's connection is closed";
  EXPECT_EQ(wire.sent()[2].reuse, http::ConnectionReuse::kReuse) << "Type 3 on the Type 1's";
}

TEST(Ie11Profile, PrefersNegotiateAndKerberosNeedsNoChallengeSoThePostKeepsItsBody) {
  Factory factory;
  factory.kerberos = true;
  auto credentials = aliceWithTicket();
  ScriptedProfile ie(defaultSwitches("ie11"), credentials, factory.get());
  ScriptedTransport wire;
  wire.answer({401, {{"WWW-Authenticate", "NTLM"}, {"WWW-Authenticate", "Negotiate"}}, 0, true});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, post("/ActiveXTest/WebService.asmx")));
  ASSERT_EQ(wire.sent().size(), 2u);
  EXPECT_EQ(headerOf(wire.sent()[1], "Authorization").rfind("Negotiate ", 0), 0u);
  EXPECT_EQ(wire.sent()[1].body, std::string("<soap/>")) << "a one-leg handshake withholds nothing";
  EXPECT_EQ(factory.specs.at(0).kerberos.ccache, "FILE:/tmp/cc");
}

// Issue 14 part 3: the server refuses the ticket (401.1 with its KRB-ERROR, NTLM offered beside
// it). Chrome disables Negotiate for the request and answers NTLM on the same connection; IE ends
// on the 401 (it prompts); Chrome without NTLM too. Each says why, with the Kerberos error.
TEST(ChromeProfile, ARefusedKerberosTicketFallsBackToNtlmAndSaysWhy) {
  Factory factory;
  factory.kerberos = true;
  auto credentials = aliceWithTicket();
  ScriptedProfile chrome(defaultSwitches("chrome"), credentials, factory.get());
  ScriptedTransport wire;
  const std::vector<http::Header> refused = {{"WWW-Authenticate", kKrbErrorChallenge},
                                             {"WWW-Authenticate", "NTLM"}};
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, refused, 0});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(chrome, wire, get("/ActiveXTest/")));
  ASSERT_EQ(wire.sent().size(), 4u);
  EXPECT_EQ(label(wire.sent()[1]), "Negotiate(Kerberos)/AP-REQ");
  EXPECT_EQ(label(wire.sent()[2]), "NTLM/1");
  EXPECT_EQ(wire.sent()[2].reuse, http::ConnectionReuse::kReuse) << "on the same connection";
  EXPECT_EQ(label(wire.sent()[3]), "NTLM/3");
  const auto notes = chrome.takeNotes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].rfind("Kerberos failed: the server answered KRB_AP_ERR_BAD_INTEGRITY (31)", 0),
            0u)
      << notes[0];
  EXPECT_NE(notes[0].find("the browser fell back to NTLM"), std::string::npos) << notes[0];

  // IE shows the 401 (a prompt), and so does Chrome without NTLM.
  for (const bool ie : {true, false}) {
    auto switches = defaultSwitches(ie ? "ie11" : "chrome");
    switches.ntlm = ie;
    Factory other;
    other.kerberos = true;
    ScriptedProfile browser(switches, credentials, other.get());
    ScriptedTransport refusing;
    refusing.answer({401, kOffers, 0, true});
    refusing.answer({401, refused, 0});
    ASSERT_TRUE(run::driveStep(browser, refusing, get("/ActiveXTest/")));
    EXPECT_EQ(refusing.sent().size(), 2u) << switches.name;
    const auto why = browser.takeNotes();
    ASSERT_EQ(why.size(), 1u) << switches.name;
    EXPECT_NE(why[0].find(ie ? "IE prompts" : "NTLM is refused"), std::string::npos) << why[0];
  }
}

// Issue 14 part 3: under a CNAME (the target's cnames), Chrome, Edge and IE build the Kerberos SPN
// from the canonical name; NTLM's target name keeps the host as typed; cnameLookup false (Chrome's
// DisableAuthNegotiateCnameLookup) and .NET keep the alias.
TEST(ChromeProfile, TheKerberosSpnNamesTheCanonicalHostOfACname) {
  for (const auto& [browser, lookup, expected] :
       {std::tuple{"chrome", true, "localhost"}, std::tuple{"ie11", true, "localhost"},
        std::tuple{"chrome", false, ""}, std::tuple{"dotnet", true, ""}}) {
    Factory factory;
    factory.kerberos = true;
    auto credentials = aliceWithTicket();
    credentials.canonicalNames = {{"alias.harness.test", "localhost"}};
    auto switches = defaultSwitches(browser);
    if (!lookup)
      switches.cnameLookup = false;
    ScriptedProfile profile(switches, credentials, factory.get());
    ScriptedTransport wire;
    wire.answer({401, kOffers, 0, true});
    wire.answer({200, {}, 0});
    auto request = get("/ActiveXTest/");
    request.url = "http://Alias.harness.test:8080/ActiveXTest/";
    ASSERT_TRUE(run::driveStep(profile, wire, request));
    ASSERT_EQ(factory.specs.size(), 1u) << browser;
    EXPECT_EQ(factory.specs[0].kerberosHost, expected) << browser << " lookup " << lookup;
    EXPECT_EQ(factory.specs[0].host, "alias.harness.test") << browser;
  }
}

// A 401 without a Kerberos error after the AP-REQ (bare offers) is a refusal too; a continuation
// (SPNEGO accept-incomplete with a token) is not: its token goes to the producer.
TEST(ChromeProfile, BareOffersAfterTheTicketAreARefusal) {
  Factory factory;
  factory.kerberos = true;
  auto credentials = aliceWithTicket();
  ScriptedProfile chrome(defaultSwitches("chrome"), credentials, factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, kOffers, 0});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(chrome, wire, get("/ActiveXTest/")));
  ASSERT_EQ(wire.sent().size(), 4u);
  const auto notes = chrome.takeNotes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("without a Kerberos error"), std::string::npos) << notes[0];
}

TEST(Ie11Profile, WithoutATicketKerberosIsNotOffered) {
  Factory factory;
  auto credentials = aliceWithTicket();
  auto switches = defaultSwitches("ie11");
  switches.kerberos = false;  // seed 003: Negotiate falls back to NTLM
  ScriptedProfile ie(switches, credentials, factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "Negotiate " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/")));
  ASSERT_EQ(wire.sent().size(), 3u);
  EXPECT_EQ(factory.specs.at(0).mechanism, auth::Mechanism::kNegotiate);
  EXPECT_EQ(factory.specs.at(0).kerberos.ccache, "");
  EXPECT_EQ(label(wire.sent()[2]), "Negotiate(NTLM)/3");
}

TEST(Ie11Profile, NoUsableOfferEndsTheStepAfterOneLeg) {
  Factory factory;
  ScriptedProfile ie(defaultSwitches("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, {}, 0, true});  // squid connection-auth=off deleted the offers (§7)
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/")));
  EXPECT_EQ(wire.sent().size(), 1u);
  ScriptedProfile nobody(defaultSwitches("ie11"), ClientCredentials{}, factory.get());
  wire.answer({401, kOffers, 0});
  ASSERT_TRUE(run::driveStep(nobody, wire, get("/ActiveXTest/")));
  EXPECT_EQ(wire.sent().size(), 2u) << "no credentials, no answer";
}

TEST(Ie11Profile, AnswersTheProxys407WithBasicAndKeepsSendingIt) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  auto request = get("/hello.txt");
  request.proxy = "http://127.0.0.1:3128";
  request.proxyCredentials = {"alice", auth::Secret("secret")};
  wire.answer({407, {{"Proxy-Authenticate", "Basic realm=\"lab\""}}, 0, true});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  ASSERT_EQ(wire.sent().size(), 2u);
  EXPECT_EQ(headerOf(wire.sent()[0], "Proxy-Authorization"), "");
  EXPECT_EQ(headerOf(wire.sent()[1], "Proxy-Authorization"), "Basic YWxpY2U6c2VjcmV0");
  EXPECT_TRUE(wire.sent()[1].proxyCredentials.empty()) << "libcurl must not answer it too";
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  EXPECT_EQ(headerOf(wire.sent()[2], "Proxy-Authorization"), "Basic YWxpY2U6c2VjcmV0");
}

// A proxy that asks for NTLM (407, Proxy-Authenticate: NTLM) in front of an origin that asks for
// NTLM too: two handshakes on one connection, the proxy's first (Proxy-Authorization), then the
// origin's (Authorization) without Proxy-Authorization, since NTLM authenticated the connection
// to the proxy (issue 13; squid's NTLM is connection-oriented).
TEST(Ie11Profile, AnswersAProxysNtlm407ThenTheOriginsNtlm401OnTheSameConnection) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  auto request = get("/ActiveXTest/");
  request.proxy = "http://localhost:3130";
  request.proxyCredentials = {"HARNESS\\alice", auth::Secret("proxy-pw")};
  wire.answer({407, {{"Proxy-Authenticate", "NTLM"}}, 0, true});
  wire.answer({407, {{"Proxy-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({401, kOffers, 0});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  const auto& sent = wire.sent();
  ASSERT_EQ(sent.size(), 5u);
  auto proxyLabel = [](const http::TransferRequest& leg) {
    const auto value = headerOf(leg, "Proxy-Authorization");
    return value.empty() ? std::string("none") : auth::legLabel(value);
  };
  EXPECT_EQ(proxyLabel(sent[0]), "none");
  EXPECT_EQ(proxyLabel(sent[1]), "NTLM/1");
  EXPECT_EQ(proxyLabel(sent[2]), "NTLM/3");
  EXPECT_EQ(proxyLabel(sent[3]), "none");
  EXPECT_EQ(proxyLabel(sent[4]), "none");
  EXPECT_EQ(label(sent[2]), "none");
  EXPECT_EQ(label(sent[3]), "NTLM/1");
  EXPECT_EQ(label(sent[4]), "NTLM/3");
  for (const auto& leg : sent)
    EXPECT_TRUE(leg.proxyCredentials.empty()) << "libcurl must not answer the 407 too";
  // The proxy handshake used the proxy credentials and the proxy's host; the origin's, the
  // client's own.
  ASSERT_EQ(factory.specs.size(), 2u);
  EXPECT_EQ(factory.specs[0].user, "HARNESS\\alice");
  EXPECT_EQ(factory.specs[0].password.reveal(), "proxy-pw");
  EXPECT_EQ(factory.specs[0].host, "localhost");
  EXPECT_EQ(factory.specs[0].port, 3130);
  EXPECT_EQ(factory.specs[1].password.reveal(), "pw");
  EXPECT_EQ(ie.connectionState(0).proxy, AuthState::kAuthenticated);
  EXPECT_EQ(ie.connectionState(0).origin, AuthState::kAuthenticated);
}

// Kerberos to the proxy needs no proxy password: the client's ticket for HTTP/<proxy host>.
// A later step on the same connection sends no Proxy-Authorization at all.
TEST(Ie11Profile, AnswersAProxysNegotiate407WithKerberosOnce) {
  Factory factory;
  factory.kerberos = true;
  auto credentials = aliceWithTicket();
  ScriptedProfile ie(defaultSwitches("ie11"), credentials, factory.get());
  ScriptedTransport wire;
  auto request = get("/hello.txt");
  request.proxy = "http://localhost:3131";
  wire.answer({407, {{"Proxy-Authenticate", "Negotiate"}}, 0, true});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  ASSERT_EQ(wire.sent().size(), 2u);
  EXPECT_EQ(headerOf(wire.sent()[1], "Proxy-Authorization"), "Negotiate " + std::string(kApReq));
  EXPECT_EQ(headerOf(wire.sent()[1], "Authorization"), "");
  ASSERT_EQ(factory.specs.size(), 1u);
  EXPECT_EQ(factory.specs[0].host, "localhost");
  EXPECT_EQ(factory.specs[0].kerberos.ccache, "FILE:/tmp/cc");
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  EXPECT_EQ(headerOf(wire.sent()[2], "Proxy-Authorization"), "");
}

// A proxy that refuses the handshake (407 again, no challenge) ends the step there.
TEST(Ie11Profile, AProxyThatRefusesTheHandshakeEndsTheStep) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  auto request = get("/hello.txt");
  request.proxy = "http://localhost:3130";
  request.proxyCredentials = {"HARNESS\\alice", auth::Secret("wrong")};
  wire.answer({407, {{"Proxy-Authenticate", "NTLM"}}, 0, true});
  wire.answer({407, {{"Proxy-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({407, {{"Proxy-Authenticate", "NTLM"}}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, request));
  EXPECT_EQ(wire.sent().size(), 3u);
  EXPECT_EQ(ie.connectionState(0).proxy, AuthState::kRefused);
}

// Over TLS the tokens carry the channel binding of the certificate the origin presented
// (tls-server-end-point, RFC 5929); channelBinding false and plain HTTP carry none.
TEST(Ie11Profile, BindsItsTokensToTheOriginsCertificateOverTls) {
  const auto certificate = testing::derOfPem(testing::kEcdsaSha384);
  ASSERT_FALSE(certificate.empty());
  const auto expected = std::get<auth::ChannelBindingData>(auth::tlsServerEndPoint(certificate));
  for (const bool binding : {true, false}) {
    Factory factory;
    auto switches = ntlmOnly("ie11");
    switches.channelBinding = binding;
    ScriptedProfile ie(switches, alice(), factory.get());
    ScriptedTransport wire;
    auto request = get("/EpaRequire/");
    request.url = "https://localhost:8443/EpaRequire/";
    wire.presentCertificate(certificate);
    wire.answer({401, kOffers, 0, true});
    wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
    wire.answer({200, {}, 0});
    ASSERT_TRUE(run::driveStep(ie, wire, request));
    ASSERT_EQ(factory.specs.size(), 1u);
    EXPECT_EQ(factory.specs[0].channelBindings, binding ? expected : std::vector<std::uint8_t>{});
  }
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  wire.presentCertificate(certificate);  // on plain HTTP a connection has no certificate to bind
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/")));
  ASSERT_EQ(factory.specs.size(), 1u);
  EXPECT_TRUE(factory.specs[0].channelBindings.empty());
}

// ntlm: false (issue 14): a client that refuses NTLM answers an NTLM-only 401 with nothing, and
// without a ticket it cannot use Negotiate either: the 401 is the step's answer.
TEST(Ie11Profile, WithNtlmRefusedAnNtlmOnlySiteGetsNoAnswer) {
  Factory factory;
  auto switches = defaultSwitches("ie11");
  switches.ntlm = false;
  ScriptedProfile ie(switches, alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, {{"WWW-Authenticate", "NTLM"}}, 0, true});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/NtlmOnly/")));
  EXPECT_EQ(wire.sent().size(), 1u);
  wire.answer({401, kOffers, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/ActiveXTest/")));
  EXPECT_EQ(wire.sent().size(), 2u) << "no ticket and no NTLM: nothing to answer Negotiate with";
  EXPECT_TRUE(factory.specs.empty());

  // With a ticket, Negotiate goes ahead, and the producer is told NTLM is not allowed.
  Factory kerberos;
  kerberos.kerberos = true;
  auto credentials = aliceWithTicket();
  ScriptedProfile withTicket(switches, credentials, kerberos.get());
  wire.answer({401, kOffers, 0});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(withTicket, wire, get("/ActiveXTest/")));
  ASSERT_EQ(kerberos.specs.size(), 1u);
  EXPECT_FALSE(kerberos.specs[0].ntlmAllowed);

  // Kerberos fails (no SPN): the browser cannot answer, the 401 ends the step, and it says why.
  Factory failing;
  failing.kerberos = true;
  failing.failNegotiate = true;
  ScriptedProfile noSpn(switches, credentials, failing.get());
  wire.answer({401, kOffers, 0});
  const auto step = run::driveStep(noSpn, wire, get("/ActiveXTest/"));
  EXPECT_TRUE(step) << "the server's 401 is the answer, not an error of the scenario";
  ASSERT_EQ(step.exchanges.size(), 1u);
  const auto notes = noSpn.takeNotes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("NTLM is refused"), std::string::npos) << notes[0];
  EXPECT_NE(notes[0].find("cannot answer the 401"), std::string::npos) << notes[0];
  EXPECT_TRUE(noSpn.takeNotes().empty()) << "taken once";
}

TEST(Ie11Profile, BasicGoesWithEveryLaterRequestInTheSpace) {
  Factory factory;
  ScriptedProfile ie(defaultSwitches("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, {{"WWW-Authenticate", "Basic realm=\"localhost\""}}, 0, true});
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/BasicTls/index.htm")));
  EXPECT_EQ(label(wire.sent()[1]), "Basic");
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, post("/BasicTls/form")));
  ASSERT_EQ(wire.sent().size(), 3u);
  EXPECT_EQ(label(wire.sent()[2]), "Basic") << "RFC 7617 §2.2: sent before any challenge";
  EXPECT_EQ(wire.sent()[2].body, std::string("<soap/>")) << "Basic needs no challenge";
  // A wrong password: the 401 after Basic ends the step (the browser would prompt).
  wire.answer({401, {{"WWW-Authenticate", "Basic realm=\"localhost\""}}, 0});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/BasicTls/other.htm")));
  EXPECT_EQ(wire.sent().size(), 4u);
}

TEST(ChromeProfile, NeverPreAuthenticatesNorWithholdsABody) {
  Factory factory;
  ScriptedProfile chrome(ntlmOnly("chrome"), alice(), factory.get());
  ScriptedTransport wire;
  logOn(chrome, wire);
  wire.answer({200, {}, 0});
  ASSERT_TRUE(run::driveStep(chrome, wire, post("/ActiveXTest/Anonymous/WebService.asmx")));
  EXPECT_EQ(label(wire.sent()[3]), "none");
  EXPECT_EQ(wire.sent()[3].body, std::string("<soap/>"));
  // On a protected resource the Type 1 carries the body too.
  wire.answer({401, kOffers, 1, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 1});
  wire.answer({200, {}, 1});
  auto fresh = post("/ActiveXTest/WebService.asmx");
  fresh.reuse = http::ConnectionReuse::kFresh;
  ASSERT_TRUE(run::driveStep(chrome, wire, fresh));
  EXPECT_EQ(label(wire.sent()[4]), "none");
  EXPECT_EQ(label(wire.sent()[5]), "NTLM/1");
  EXPECT_EQ(wire.sent()[5].body, std::string("<soap/>"));
}

TEST(DotnetProfile, ExpectContinueThenAnEmptyType1ThenType3WithTheBody) {
  Factory factory;
  ScriptedProfile dotnet(ntlmOnly("dotnet"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});  // instead of 100 Continue (IIS-FACTS.md §6)
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 1, true});
  wire.answer({200, {}, 1});
  ASSERT_TRUE(run::driveStep(dotnet, wire, post("/ActiveXTest/WebService.asmx", "<envelope/>")));
  const auto& sent = wire.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(headerOf(sent[0], "Expect"), "100-continue");
  EXPECT_EQ(sent[0].body, std::string("<envelope/>"));
  EXPECT_EQ(label(sent[1]), "NTLM/1");
  EXPECT_EQ(sent[1].body, std::string());
  EXPECT_EQ(headerOf(sent[1], "Expect"), "");
  EXPECT_EQ(label(sent[2]), "NTLM/3");
  EXPECT_EQ(sent[2].body, std::string("<envelope/>"));
  EXPECT_EQ(headerOf(sent[2], "Expect"), "100-continue");
  EXPECT_EQ(headerOf(sent[0], "User-Agent"), "") << "HttpWebRequest sends no User-Agent";
}

TEST(ScriptedProfile, CloseAfterAStepMakesTheNextStepReconnect) {
  Factory factory;
  ScriptedProfile ie(ntlmOnly("ie11"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({200, {}, 0, true});
  auto closing = get("/hello.txt");
  closing.reuse = http::ConnectionReuse::kForbidReuse;
  ASSERT_TRUE(run::driveStep(ie, wire, closing));
  wire.answer({200, {}, 1, true});
  ASSERT_TRUE(run::driveStep(ie, wire, get("/hello.txt")));
  EXPECT_EQ(wire.sent()[1].reuse, http::ConnectionReuse::kFresh);
}

TEST(ScriptedProfile, CloseAfterAStepClosesAfterTheType3NotTheType1) {
  Factory factory;
  ScriptedProfile chrome(ntlmOnly("chrome"), alice(), factory.get());
  ScriptedTransport wire;
  wire.answer({401, kOffers, 0, true});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 0});
  wire.answer({200, {}, 0});
  auto closing = get("/ActiveXTest/ajaxClient2.htm");
  closing.reuse = http::ConnectionReuse::kForbidReuse;
  ASSERT_TRUE(run::driveStep(chrome, wire, closing));
  const auto& sent = wire.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].reuse, http::ConnectionReuse::kReuse) << "anonymous: the 401 must come back";
  EXPECT_EQ(sent[1].reuse, http::ConnectionReuse::kReuse) << "Type 1: the challenge must come back";
  EXPECT_EQ(sent[2].reuse, http::ConnectionReuse::kForbidReuse)
      << "Type 3: closed after its answer";
}

// HTTP/2 (issue 14): on https the browsers ask for h2; after IIS resets a stream with
// HTTP_1_1_REQUIRED (libcurl has already retried it on HTTP/1.1: the transfer's second leg) the
// origin stays on HTTP/1.1 for the rest of the scenario, as Chromium's SetHTTP11Required keeps it.
TEST(Http2Profiles, AResetStreamKeepsTheOriginOnHttp11) {
  for (const char* browser : {"ie11", "edge", "chrome"}) {
    Factory factory;
    ScriptedProfile profile(ntlmOnly(browser), alice(), factory.get());
    ScriptedTransport wire;
    auto page = get("/ActiveXTest/");
    page.url = "https://localhost:8443/ActiveXTest/";
    wire.answer({200, {}, 0, true, "HTTP/2"});
    auto anonymous = page;
    anonymous.url = "https://localhost:8443/hello.txt";
    ASSERT_TRUE(run::driveStep(profile, wire, anonymous));
    ScriptedResponse retried{401, kOffers, 1, true};
    retried.streamReset = "HTTP_1_1_REQUIRED";
    wire.answer(retried);
    wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 1});
    wire.answer({200, {}, 1});
    ASSERT_TRUE(run::driveStep(profile, wire, page));
    wire.answer({200, {}, 1});
    ASSERT_TRUE(run::driveStep(profile, wire, anonymous));
    const auto& sent = wire.sent();
    ASSERT_EQ(sent.size(), 5u) << browser;
    EXPECT_EQ(sent[0].httpVersion, http::HttpVersionPolicy::kHttp2) << browser;
    EXPECT_EQ(sent[1].httpVersion, http::HttpVersionPolicy::kHttp2) << browser;
    for (std::size_t i = 2; i < sent.size(); ++i)
      EXPECT_EQ(sent[i].httpVersion, http::HttpVersionPolicy::kHttp11) << browser << " leg " << i;
    EXPECT_EQ(label(sent[2]), "NTLM/1");
    const auto notes = profile.takeNotes();
    ASSERT_EQ(notes.size(), 1u) << browser;
    EXPECT_NE(notes[0].find("HTTP_1_1_REQUIRED"), std::string::npos) << notes[0];
    EXPECT_NE(notes[0].find("keeps https://localhost:8443 on HTTP/1.1"), std::string::npos)
        << notes[0];
  }
}

// A 401 offering a connection-based scheme that came over HTTP/2 (an HTTP.sys that answers rather
// than resets): Chromium's PrepareForAuthRestart sets HTTP11Required and the Type 1 goes on
// HTTP/1.1; Basic stays on HTTP/2 (not connection-based). A plain http origin never asks for h2.
TEST(Http2Profiles, A401OverHttp2MovesAConnectionBasedHandshakeToHttp11) {
  Factory factory;
  ScriptedProfile chrome(ntlmOnly("chrome"), alice(), factory.get());
  ScriptedTransport wire;
  auto page = get("/ActiveXTest/");
  page.url = "https://localhost:8443/ActiveXTest/";
  wire.answer({401, kOffers, 0, true, "HTTP/2"});
  wire.answer({401, {{"WWW-Authenticate", "NTLM " + ntlmToken(2)}}, 1, true});
  wire.answer({200, {}, 1});
  ASSERT_TRUE(run::driveStep(chrome, wire, page));
  ASSERT_EQ(wire.sent().size(), 3u);
  EXPECT_EQ(wire.sent()[0].httpVersion, http::HttpVersionPolicy::kHttp2);
  EXPECT_EQ(label(wire.sent()[1]), "NTLM/1");
  EXPECT_EQ(wire.sent()[1].httpVersion, http::HttpVersionPolicy::kHttp11);
  EXPECT_EQ(wire.sent()[2].httpVersion, http::HttpVersionPolicy::kHttp11);

  auto basicSwitches = defaultSwitches("chrome");
  basicSwitches.preference = {auth::Scheme::kBasic};
  ScriptedProfile basic(basicSwitches, alice(), factory.get());
  auto basicPage = page;
  basicPage.url = "https://localhost:9443/BasicTls/";
  wire.answer({401, {{"WWW-Authenticate", "Basic realm=\"x\""}}, 2, true, "HTTP/2"});
  wire.answer({200, {}, 2, false, "HTTP/2"});
  ASSERT_TRUE(run::driveStep(basic, wire, basicPage));
  ASSERT_EQ(wire.sent().size(), 5u);
  EXPECT_EQ(label(wire.sent()[4]), "Basic");
  EXPECT_EQ(wire.sent()[4].httpVersion, http::HttpVersionPolicy::kHttp2);
  EXPECT_TRUE(basic.takeNotes().empty());
}

// dotnet: HttpWebRequest has no HTTP/2; "http2": "exact" (HttpClient, RequestVersionExact) never
// falls back: a reset without retry or a 401 over h2 ends the step, and the notes say why.
TEST(Http2Profiles, DotnetIsHttp11AndExactNeverFallsBack) {
  Factory factory;
  auto page = get("/ActiveXTest/");
  page.url = "https://localhost:8443/ActiveXTest/";
  {
    ScriptedProfile dotnet(ntlmOnly("dotnet"), alice(), factory.get());
    ScriptedTransport wire;
    wire.answer({200, {}, 0, true});
    ASSERT_TRUE(run::driveStep(dotnet, wire, page));
    EXPECT_EQ(wire.sent()[0].httpVersion, http::HttpVersionPolicy::kHttp11);
  }
  auto exact = ntlmOnly("dotnet");
  exact.http2 = scenario::Http2Use::kExact;
  ScriptedProfile dotnet(exact, alice(), factory.get());
  ScriptedTransport wire;
  ScriptedResponse reset{0, {}, 0, true, "HTTP/2"};
  reset.streamReset = "HTTP_1_1_REQUIRED";
  wire.answer(reset);
  ASSERT_TRUE(run::driveStep(dotnet, wire, page));
  ASSERT_EQ(wire.sent().size(), 1u);
  EXPECT_EQ(wire.sent()[0].httpVersion, http::HttpVersionPolicy::kHttp2Exact);
  auto notes = dotnet.takeNotes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("does not retry on HTTP/1.1"), std::string::npos) << notes[0];

  wire.answer({401, kOffers, 0, false, "HTTP/2"});
  ASSERT_TRUE(run::driveStep(dotnet, wire, page));
  ASSERT_EQ(wire.sent().size(), 2u) << "no Type 1: the 401 is the answer";
  EXPECT_EQ(wire.sent()[1].httpVersion, http::HttpVersionPolicy::kHttp2Exact);
  notes = dotnet.takeNotes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("shows the 401"), std::string::npos) << notes[0];
}

TEST(BrowserSwitches, ScenarioOverridesTheDefaults) {
  scenario::Client client;
  client.browser = "ie11";
  EXPECT_TRUE(resolveSwitches(client).ntlmPreAuth);
  EXPECT_TRUE(resolveSwitches(client).emptyPost);
  client.ntlmPreAuth = false;
  client.schemes = {auth::Scheme::kNtlm};
  client.spnIncludesPort = true;
  const auto s = resolveSwitches(client);
  EXPECT_FALSE(s.ntlmPreAuth);
  EXPECT_EQ(s.preference, std::vector{auth::Scheme::kNtlm});
  EXPECT_TRUE(s.spnIncludesPort);
  EXPECT_FALSE(defaultSwitches("chrome").ntlmPreAuth);
  EXPECT_FALSE(defaultSwitches("chrome").emptyPost);
  EXPECT_TRUE(defaultSwitches("dotnet").expectContinue);
  EXPECT_EQ(defaultSwitches("ie11").http2, scenario::Http2Use::kFallback);
  EXPECT_EQ(defaultSwitches("dotnet").http2, scenario::Http2Use::kOff);
  client.http2 = scenario::Http2Use::kOff;
  EXPECT_EQ(resolveSwitches(client).http2, scenario::Http2Use::kOff);
  EXPECT_THROW(defaultSwitches("curl"), std::invalid_argument);
}

}  // namespace
}  // namespace authreplay::browser
