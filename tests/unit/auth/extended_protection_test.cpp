// Extended Protection for Authentication (issue 13) in iis-sim's NTLM judgement: the
// project's NTLM initiator (harness/auth/ntlm/ntlm_initiator.h) binds its Type 3 to a certificate's
// tls-server-end-point (RFC 5929 §4.1) as Windows clients do, and ConnectionAuthenticator checks it
// per windowsAuthentication/extendedProtection (tokenChecking, flags, spn), raw and inside SPNEGO.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "auth/base64.h"
#include "auth/mech_oid.h"
#include "auth/ntlm/ntlm_initiator.h"
#include "auth/spnego_token.h"
#include "auth/tls_server_end_point.h"
#include "auth_test_environment.h"
#include "iis-sim/auth/authenticator.h"
#include "iis-sim/auth/certificate_channel_binding.h"
#include "test_users.h"

namespace {

using authreplay::auth::base64Decode;
using authreplay::auth::base64Encode;
using authreplay::testing::AuthEnvironment;
using iissim::AuthenticationSettings;
using iissim::AuthOutcome;
using iissim::AuthRequest;
using iissim::ConnectionAuthenticator;
using iissim::TokenChecking;
namespace win32 = iissim::win32;
namespace ntlm = authreplay::auth::ntlm;
namespace spnego = authreplay::auth::spnego;
namespace ep = iissim::extended_protection;
using Bytes = std::vector<std::uint8_t>;

// Two self-signed P-256 certificates for CN=localhost (`openssl req -x509 -newkey ec -pkeyopt
// ec_paramgen_curve:P-256 -sha256 -subj /CN=localhost`): iis-sim's own and, for the "TLS
// terminated elsewhere" cases, a proxy's.
constexpr const char* kServerCertificate = R"(
-----BEGIN CERTIFICATE-----
MIIBfzCCASWgAwIBAgIUeDs/Gp5P41bFEIqSx0NWJbJHVeowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzA1MzkxMFoYDzIxMjYxMTA5
MDUzOTEwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATONHws2TfeO6CXuT2f95RUuE174Fo+EPhrR20b/jGaEiOyNpPgARuY
8wE6OzjnFrWUNEQ2CPmpZ65c+4Snobu2o1MwUTAdBgNVHQ4EFgQUmG3vmq9ZaXf3
fe4mO+fcXSQd3ZcwHwYDVR0jBBgwFoAUmG3vmq9ZaXf3fe4mO+fcXSQd3ZcwDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAlwyvkHNdiW1AQCmp6iBb
bbhkJ93nlKtbO6MHzjUTokwCIDbzV/3lSF2/2FLqGhPr1yM4y7oiYUWuGACdBAMa
SqgZ
-----END CERTIFICATE-----
)";
constexpr const char* kProxyCertificate = R"(
-----BEGIN CERTIFICATE-----
MIIBfTCCASWgAwIBAgIUauyaLlqJJokT6ucsseLmXiofkmswCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMzA1MzkxMFoYDzIxMjYxMTA5
MDUzOTEwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASNll96GgpOBBUmb4mfGhSfS0Z+Xngr3kouYGJ5I7GllPmn5J8EoHbr
OLH1YBuKYO8nWdM/gqSD/DAJRDrBYGjio1MwUTAdBgNVHQ4EFgQUoU9rYS7FFA+3
7MxDSLVINl+98uowHwYDVR0jBBgwFoAUoU9rYS7FFA+37MxDSLVINl+98uowDwYD
VR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNGADBDAh94jiBFRrsSx3DH/ev+Q2du
ePllGbBw6w2I/m4iPZKhAiAnVHw/s8p4qCNr1MVCExbg7Fmh6UPpOChA5Q+2r2bZ
Yg==
-----END CERTIFICATE-----
)";

Bytes bindingOf(const char* pem) {
  auto binding = authreplay::auth::tlsServerEndPointOfPem(pem);
  EXPECT_TRUE(std::holds_alternative<authreplay::auth::ChannelBindingData>(binding));
  return std::get<authreplay::auth::ChannelBindingData>(binding);
}

AuthenticationSettings epa(TokenChecking tokenChecking, std::uint32_t flags = 0,
                           std::vector<std::string> spns = {}) {
  AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.windows.enabled = true;
  settings.windows.extendedProtection.tokenChecking = tokenChecking;
  settings.windows.extendedProtection.flags = flags;
  settings.windows.extendedProtection.spns = std::move(spns);
  return settings;
}

// The client: a Windows SSPI-style initiator (IE 11, Edge on Windows) for HARNESS\alice, bound to
// CLIENT_BINDING (empty = no binding: MsvAvChannelBindings of zeros, as without TLS).
ntlm::InitiatorConfig client(Bytes clientBinding, std::string spn = "HTTP/localhost",
                             ntlm::ClientStyle style = ntlm::ClientStyle::kWindowsSspi) {
  ntlm::InitiatorConfig config;
  config.style = style;
  config.domain = "HARNESS";
  config.user = "alice";
  config.ntHash = ntlm::ntowfV1(authreplay::testing::kTestPassword);
  config.workstation = "WIN10-CLIENT";
  config.spn = std::move(spn);
  config.channelBindings = std::move(clientBinding);
  return config;
}

// The connection: over TLS with SERVER_BINDING as its certificate's binding, or plain HTTP.
AuthRequest request(std::string authorization, std::optional<Bytes> serverBinding) {
  AuthRequest request;
  request.authorization = std::move(authorization);
  request.host = "localhost";
  request.secureChannel = serverBinding.has_value();
  request.channelBinding = std::move(serverBinding);
  return request;
}

Bytes tokenOf(const AuthOutcome& outcome, std::string_view scheme) {
  if (outcome.wwwAuthenticate.size() != 1 ||
      outcome.wwwAuthenticate[0].rfind(std::string(scheme) + " ", 0) != 0) {
    ADD_FAILURE() << "no single " << scheme << " challenge: " << outcome.detail;
    return {};
  }
  return base64Decode(outcome.wwwAuthenticate[0].substr(scheme.size() + 1)).value_or(Bytes{});
}

// A raw NTLM handshake (Type 1, Type 3) of CONFIG on one connection; the final outcome.
AuthOutcome ntlmHandshake(const AuthenticationSettings& settings, ntlm::InitiatorConfig config,
                          const std::optional<Bytes>& serverBinding) {
  ConnectionAuthenticator connection(AuthEnvironment::credentials);
  ntlm::NtlmInitiator initiator(std::move(config));
  const AuthOutcome challenge = connection.authenticate(
      settings, request("NTLM " + base64Encode(initiator.negotiate()), serverBinding));
  auto type3 = initiator.authenticate(tokenOf(challenge, "NTLM"));
  if (!std::holds_alternative<Bytes>(type3)) {
    ADD_FAILURE() << std::get<ntlm::InitiatorError>(type3).message;
    return {};
  }
  return connection.authenticate(
      settings, request("NTLM " + base64Encode(std::get<Bytes>(type3)), serverBinding));
}

// The same inside SPNEGO (NegTokenInit with NTLMSSP and the Type 1, NegTokenResp with the Type 3),
// as Windows' Negotiate package sends NTLM when Kerberos is not possible.
AuthOutcome spnegoNtlmHandshake(const AuthenticationSettings& settings,
                                ntlm::InitiatorConfig config,
                                const std::optional<Bytes>& serverBinding) {
  ConnectionAuthenticator connection(AuthEnvironment::credentials);
  ntlm::NtlmInitiator initiator(std::move(config));
  const spnego::Oid ntlmOid(authreplay::auth::oid::kNtlmssp.begin(),
                            authreplay::auth::oid::kNtlmssp.end());
  const Bytes init = spnego::encodeNegTokenInit({ntlmOid}, initiator.negotiate());
  const AuthOutcome challenge =
      connection.authenticate(settings, request("Negotiate " + base64Encode(init), serverBinding));
  auto decoded = spnego::decodeNegTokenResp(tokenOf(challenge, "Negotiate"));
  if (!std::holds_alternative<spnego::NegTokenResp>(decoded) ||
      !std::get<spnego::NegTokenResp>(decoded).responseToken) {
    ADD_FAILURE() << "no SPNEGO NTLM challenge: " << challenge.detail;
    return {};
  }
  auto type3 = initiator.authenticate(*std::get<spnego::NegTokenResp>(decoded).responseToken);
  if (!std::holds_alternative<Bytes>(type3)) {
    ADD_FAILURE() << std::get<ntlm::InitiatorError>(type3).message;
    return {};
  }
  const Bytes response =
      spnego::encodeNegTokenResp(std::nullopt, std::nullopt, std::get<Bytes>(type3), std::nullopt);
  return connection.authenticate(settings,
                                 request("Negotiate " + base64Encode(response), serverBinding));
}

void expectLogon(const AuthOutcome& outcome) {
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
  EXPECT_EQ(outcome.user, "HARNESS\\alice") << outcome.detail;
}

// 401.1 with SEC_E_BAD_BINDINGS, the application's offers again, and a detail that says why.
void expectBadBindings(const AuthOutcome& outcome, std::string_view why) {
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject) << outcome.detail;
  EXPECT_EQ(outcome.status, 401);
  EXPECT_EQ(outcome.substatus, 1);
  EXPECT_EQ(outcome.win32Status, win32::kSecEBadBindings) << outcome.detail;
  EXPECT_EQ(win32::kSecEBadBindings, 0x80090346u);
  EXPECT_EQ(outcome.wwwAuthenticate, (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_EQ(outcome.logonMethod, "NTLM");
  EXPECT_NE(outcome.detail.find(why), std::string::npos) << outcome.detail;
  EXPECT_EQ(outcome.detail.find(authreplay::testing::kTestPassword), std::string::npos);
}

class ExtendedProtectionTest : public ::testing::Test {
 protected:
  const Bytes server_ = bindingOf(kServerCertificate);
  const Bytes proxy_ = bindingOf(kProxyCertificate);
};

TEST_F(ExtendedProtectionTest, TheTwoCertificatesBindDifferently) {
  EXPECT_NE(server_, proxy_);
  EXPECT_NE(ntlm::channelBindingsHash(server_), ntlm::channelBindingsHash(proxy_));
}

TEST_F(ExtendedProtectionTest, RequireWithTheServersBindingLogsOn) {
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire), client(server_), server_));
}

// libcurl's NTLM, or any client without Extended Protection, over TLS to a Require application.
TEST_F(ExtendedProtectionTest, RequireWithoutBindingIsBadBindings) {
  expectBadBindings(ntlmHandshake(epa(TokenChecking::kRequire), client({}), server_),
                    "MsvAvChannelBindings all zero under tokenChecking Require");
}

// The client bound to another certificate: a proxy terminated its TLS ("SSL offloading").
TEST_F(ExtendedProtectionTest, RequireWithAnotherCertificatesBindingIsBadBindings) {
  const AuthOutcome outcome = ntlmHandshake(epa(TokenChecking::kRequire), client(proxy_), server_);
  char expected[9];
  const auto want = ntlm::channelBindingsHash(server_);
  std::snprintf(expected, sizeof expected, "%02x%02x%02x%02x", want[0], want[1], want[2], want[3]);
  expectBadBindings(outcome, std::string("certificate ") + expected);
}

TEST_F(ExtendedProtectionTest, AllowServesAClientWithoutBinding) {
  expectLogon(ntlmHandshake(epa(TokenChecking::kAllow), client({}), server_));
  expectLogon(ntlmHandshake(epa(TokenChecking::kAllow), client(server_), server_));
}

TEST_F(ExtendedProtectionTest, AllowRefusesAWrongBinding) {
  expectBadBindings(ntlmHandshake(epa(TokenChecking::kAllow), client(proxy_), server_),
                    "is not the hash of this binding's certificate");
}

// tokenChecking None "emulates the behavior that existed before extended protection".
TEST_F(ExtendedProtectionTest, NoneIgnoresAWrongBinding) {
  expectLogon(ntlmHandshake(epa(TokenChecking::kNone), client(proxy_), server_));
  expectLogon(ntlmHandshake(epa(TokenChecking::kNone), client({}), server_));
}

// Over TLS without the Proxy flag the SPN is not checked (iis-docs scenario "Client connects
// directly to destination server using SSL": flags None).
TEST_F(ExtendedProtectionTest, DirectTlsDoesNotCheckTheServiceName) {
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire, 0, {"HTTP/www.contoso.com"}),
                            client(server_, "HTTP/elsewhere.example"), server_));
}

// flags Proxy: the exact binding is not compared (the client's TLS ended at the proxy, whose
// certificate it bound to); the SPN it named must be in the list, case-insensitively.
TEST_F(ExtendedProtectionTest, ProxyFlagChecksTheServiceNameInstead) {
  const auto settings =
      epa(TokenChecking::kRequire, ep::kProxy | ep::kAllowDotlessSpn, {"HTTP/localhost"});
  expectLogon(ntlmHandshake(settings, client(proxy_, "http/LOCALHOST"), server_));
  expectBadBindings(ntlmHandshake(settings, client(proxy_, "HTTP/iis01.harness.test"), server_),
                    "MsvAvTargetName \"HTTP/iis01.harness.test\" is not in the spn list");
}

// HTTP_CHANNEL_BIND_PROXY: "CBT is checked not to be equal to 'unbound'" (Require); ProxyCohosting
// skips that for clients that came over HTTP all the way.
TEST_F(ExtendedProtectionTest, ProxyFlagStillWantsABindingUnlessProxyCohosting) {
  const std::vector<std::string> spns{"HTTP/www.contoso.com"};
  expectBadBindings(ntlmHandshake(epa(TokenChecking::kRequire, ep::kProxy, spns),
                                  client({}, "HTTP/www.contoso.com"), server_),
                    "unbound client");
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire, ep::kProxy | ep::kProxyCohosting, spns),
                            client({}, "HTTP/www.contoso.com"), server_));
  expectLogon(ntlmHandshake(epa(TokenChecking::kAllow, ep::kProxy, spns),
                            client({}, "HTTP/www.contoso.com"), server_));
}

TEST_F(ExtendedProtectionTest, NoServiceNameCheckAcceptsAnySpn) {
  expectLogon(ntlmHandshake(
      epa(TokenChecking::kRequire, ep::kProxy | ep::kNoServiceNameCheck, {"HTTP/www.contoso.com"}),
      client(proxy_, "HTTP/anything.example"), server_));
}

// Plain HTTP: no channel to bind to, so only the service binding can be checked; an empty spn
// list checks nothing (*unconfirmed*, extended_protection.cpp).
TEST_F(ExtendedProtectionTest, PlainHttpChecksOnlyTheServiceName) {
  const auto withSpn = epa(TokenChecking::kRequire, 0, {"HTTP/www.contoso.com"});
  expectLogon(ntlmHandshake(withSpn, client({}, "HTTP/www.contoso.com"), std::nullopt));
  expectBadBindings(ntlmHandshake(withSpn, client({}, "HTTP/other.contoso.com"), std::nullopt),
                    "is not in the spn list");
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire), client({}, "HTTP/x.y"), std::nullopt));
  // A binding to some certificate over plain HTTP is not compared with anything.
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire), client(proxy_), std::nullopt));
}

// Chromium's portable NTLM (Chrome on Linux and macOS) sends MsvAvChannelBindings too: zeros
// without a binding, which Require refuses as it refuses curl.
TEST_F(ExtendedProtectionTest, ChromiumStyleClientIsJudgedTheSameWay) {
  expectLogon(ntlmHandshake(epa(TokenChecking::kRequire),
                            client(server_, "HTTP/localhost", ntlm::ClientStyle::kChromium),
                            server_));
  expectBadBindings(
      ntlmHandshake(epa(TokenChecking::kRequire),
                    client({}, "HTTP/localhost", ntlm::ClientStyle::kChromium), server_),
      "all zero");
}

// NTLM that iis-sim unwraps from SPNEGO goes through the same check.
TEST_F(ExtendedProtectionTest, NtlmInsideSpnegoIsCheckedToo) {
  expectLogon(spnegoNtlmHandshake(epa(TokenChecking::kRequire), client(server_), server_));
  expectBadBindings(spnegoNtlmHandshake(epa(TokenChecking::kRequire), client(proxy_), server_),
                    "Extended Protection (Negotiate)");
  expectBadBindings(spnegoNtlmHandshake(epa(TokenChecking::kRequire), client({}), server_),
                    "all zero");
}

// main.cpp computes each https binding's value once from its certificateFile.
TEST_F(ExtendedProtectionTest, CertificateFileGivesTheSameBinding) {
  const auto path = AuthEnvironment::dir() / "server.pem";
  std::ofstream(path) << kServerCertificate;
  auto computed = iissim::channelBindingOfCertificateFile(path);
  ASSERT_TRUE(std::holds_alternative<Bytes>(computed)) << std::get<std::string>(computed);
  EXPECT_EQ(std::get<Bytes>(computed), server_);
  auto missing = iissim::channelBindingOfCertificateFile(AuthEnvironment::dir() / "none.pem");
  ASSERT_TRUE(std::holds_alternative<std::string>(missing));
  EXPECT_NE(std::get<std::string>(missing).find("cannot read"), std::string::npos);
}

}  // namespace
