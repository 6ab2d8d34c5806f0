// ConnectionAuthenticator against a real gss-ntlmssp initiator (a client nobody here wrote), in
// process: no KDC, no network, only a temporary NTLM_USER_FILE. Each ConnectionAuthenticator stands
// for one TCP connection.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "auth/base64.h"
#include "auth/ntlm_message.h"
#include "auth_test_environment.h"
#include "gss_initiator.h"
#include "iis-sim/auth/authenticator.h"
#include "ms_nlmp_vectors.h"
#include "test_users.h"

namespace {

using authreplay::auth::base64Decode;
using authreplay::auth::base64Encode;
using authreplay::testing::AuthEnvironment;
using authreplay::testing::GssInitiator;
using iissim::AuthenticationSettings;
using iissim::AuthOutcome;
using iissim::AuthRequest;
using iissim::ConnectionAuthenticator;
using iissim::Provider;
namespace win32 = iissim::win32;
namespace ntlm = authreplay::auth::ntlm;

constexpr const char* kUser = authreplay::testing::kTestUser;
constexpr const char* kPassword = authreplay::testing::kTestPassword;

AuthenticationSettings windowsOnly() {
  AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.windows.enabled = true;
  return settings;
}

AuthRequest request(std::optional<std::string> authorization = std::nullopt) {
  AuthRequest request;
  request.authorization = std::move(authorization);
  request.host = "localhost";
  return request;
}

std::string header(std::string_view scheme, std::span<const std::uint8_t> token) {
  return std::string(scheme) + " " + base64Encode(token);
}

// The token of the single challenge header `outcome` carries under `scheme`.
std::vector<std::uint8_t> challengeToken(const AuthOutcome& outcome, std::string_view scheme) {
  EXPECT_EQ(outcome.wwwAuthenticate.size(), 1u);
  if (outcome.wwwAuthenticate.size() != 1) {
    return {};
  }
  const std::string& value = outcome.wwwAuthenticate[0];
  EXPECT_EQ(value.substr(0, scheme.size() + 1), std::string(scheme) + " ");
  const auto token = base64Decode(value.substr(scheme.size() + 1));
  EXPECT_TRUE(token);
  return token.value_or(std::vector<std::uint8_t>{});
}

void expectReject(const AuthOutcome& outcome, int status, int substatus, std::uint32_t win32Status,
                  const std::vector<std::string>& offers) {
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject) << outcome.detail;
  EXPECT_EQ(outcome.status, status) << outcome.detail;
  EXPECT_EQ(outcome.substatus, substatus) << outcome.detail;
  EXPECT_EQ(outcome.win32Status, win32Status) << outcome.detail;
  EXPECT_EQ(outcome.wwwAuthenticate, offers) << outcome.detail;
}

const std::vector<std::string> kDefaultOffers{"Negotiate", "NTLM"};

class ConnectionAuthenticatorTest : public ::testing::Test {
 protected:
  ConnectionAuthenticator newConnection() const {
    return ConnectionAuthenticator(AuthEnvironment::credentials);
  }

  // Type 1 then Type 3 from a real gss-ntlmssp initiator on `connection`; returns the final
  // outcome.
  AuthOutcome ntlmHandshake(ConnectionAuthenticator& connection,
                            const AuthenticationSettings& settings, std::string_view scheme,
                            const std::string& password = kPassword) {
    GssInitiator client(kUser, password, GssInitiator::Wrapping::kRawNtlm);
    const AuthOutcome challenge =
        connection.authenticate(settings, request(header(scheme, client.step())));
    expectReject(challenge, 401, 1, win32::kSecENoCredentials, challenge.wwwAuthenticate);
    const auto type2 = challengeToken(challenge, scheme);
    EXPECT_EQ(ntlm::messageType(type2), ntlm::MessageType::kChallenge);
    return connection.authenticate(settings, request(header(scheme, client.step(type2))));
  }
};

TEST_F(ConnectionAuthenticatorTest, AnonymousRequestToAnonymousAppRunsAnonymously) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome outcome = connection.authenticate(AuthenticationSettings{}, request());
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kAnonymous);
  EXPECT_EQ(outcome.user, "");
}

// IIS-FACTS.md §2: one header per provider, in provider order, no token; 401 2 5.
TEST_F(ConnectionAuthenticatorTest, AnonymousRequestToWindowsAppGetsProviderOffers) {
  ConnectionAuthenticator connection = newConnection();
  expectReject(connection.authenticate(windowsOnly(), request()), 401, 2, win32::kAccessDenied,
               kDefaultOffers);

  AuthenticationSettings reordered = windowsOnly();
  reordered.windows.providers = {Provider::kNtlm, Provider::kNegotiateKerberos};
  reordered.basic.enabled = true;
  reordered.basic.realm = "harness";
  expectReject(connection.authenticate(reordered, request()), 401, 2, win32::kAccessDenied,
               {"NTLM", "Negotiate", "Basic realm=\"harness\""});
}

TEST_F(ConnectionAuthenticatorTest, NoMethodEnabledGets401Point2WithoutOffers) {
  AuthenticationSettings nothing;
  nothing.anonymousEnabled = false;
  ConnectionAuthenticator connection = newConnection();
  expectReject(connection.authenticate(nothing, request()), 401, 2, win32::kAccessDenied, {});
}

// Seed 000: IE's pre-authenticated empty POST to the anonymous ASMX is not authenticated at all.
TEST_F(ConnectionAuthenticatorTest, NtlmHeaderIsIgnoredWhereWindowsAuthIsOff) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome outcome = connection.authenticate(
      AuthenticationSettings{}, request(header("NTLM", authreplay::testing::nlmp::kCurlNegotiate)));
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kAnonymous);
}

TEST_F(ConnectionAuthenticatorTest, NtlmHandshakeAuthenticatesTheAccount) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome outcome = ntlmHandshake(connection, windowsOnly(), "NTLM");
  ASSERT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
  EXPECT_EQ(outcome.user, "HARNESS\\alice");
  EXPECT_EQ(outcome.scheme, "NTLM");
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.win32Status, win32::kSuccess);
  EXPECT_TRUE(outcome.wwwAuthenticate.empty());
}

// IIS-FACTS.md §8: curl's and Chromium's Type 1 has no Version field.
TEST_F(ConnectionAuthenticatorTest, CurlsVersionlessType1GetsAChallenge) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome challenge = connection.authenticate(
      windowsOnly(), request(header("NTLM", authreplay::testing::nlmp::kCurlNegotiate)));
  expectReject(challenge, 401, 1, win32::kSecENoCredentials, challenge.wwwAuthenticate);
  const auto type2 = challengeToken(challenge, "NTLM");
  const auto decoded = ntlm::decodeChallenge(type2);
  ASSERT_TRUE(std::holds_alternative<ntlm::ChallengeMessage>(decoded));
  const auto& message = std::get<ntlm::ChallengeMessage>(decoded);
  const auto* computer = ntlm::findAvPair(message.targetInfo, ntlm::AvId::kNbComputerName);
  ASSERT_NE(computer, nullptr);
  EXPECT_EQ(ntlm::utf16leToUtf8(computer->value), "IIS-SIM");
}

TEST_F(ConnectionAuthenticatorTest, WrongPasswordIsLogonDenied) {
  ConnectionAuthenticator connection = newConnection();
  expectReject(ntlmHandshake(connection, windowsOnly(), "NTLM", "wrong"), 401, 1,
               win32::kSecELogonDenied, kDefaultOffers);
}

// IIS-FACTS.md §1, §7: a proxy without pinning sends Type 3 over another server connection.
TEST_F(ConnectionAuthenticatorTest, Type3OnAnotherConnectionIsAnInvalidToken) {
  ConnectionAuthenticator first = newConnection();
  ConnectionAuthenticator second = newConnection();
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  const AuthOutcome challenge =
      first.authenticate(windowsOnly(), request(header("NTLM", client.step())));
  const auto type3 = client.step(challengeToken(challenge, "NTLM"));
  expectReject(second.authenticate(windowsOnly(), request(header("NTLM", type3))), 401, 1,
               win32::kSecEInvalidToken, kDefaultOffers);
}

// KB 2749007 (seed 001).
TEST_F(ConnectionAuthenticatorTest, KernelModeRefusesPreAuthenticatedFirstRequest) {
  ConnectionAuthenticator connection = newConnection();
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  AuthRequest first = request(header("NTLM", client.step()));
  first.firstRequestToApplication = true;
  expectReject(connection.authenticate(windowsOnly(), first), 401, 1, win32::kSecENoCredentials,
               kDefaultOffers);
}

TEST_F(ConnectionAuthenticatorTest, WithoutKernelModeFirstRequestStartsAHandshake) {
  AuthenticationSettings settings = windowsOnly();
  settings.windows.useKernelMode = false;
  ConnectionAuthenticator connection = newConnection();
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  AuthRequest first = request(header("NTLM", client.step()));
  first.firstRequestToApplication = true;
  const AuthOutcome challenge = connection.authenticate(settings, first);
  const auto type3 = client.step(challengeToken(challenge, "NTLM"));
  EXPECT_EQ(connection.authenticate(settings, request(header("NTLM", type3))).kind,
            AuthOutcome::Kind::kAuthenticated);
}

// HTTP.sys keeps an NTLM logon on the connection (IIS-FACTS.md §5).
TEST_F(ConnectionAuthenticatorTest, NtlmLogonPersistsOnTheConnection) {
  ConnectionAuthenticator connection = newConnection();
  ASSERT_EQ(ntlmHandshake(connection, windowsOnly(), "NTLM").kind,
            AuthOutcome::Kind::kAuthenticated);
  const AuthOutcome later = connection.authenticate(windowsOnly(), request());
  EXPECT_EQ(later.kind, AuthOutcome::Kind::kAuthenticated);
  EXPECT_EQ(later.user, "HARNESS\\alice");
  // ... but not on another connection.
  ConnectionAuthenticator other = newConnection();
  EXPECT_EQ(other.authenticate(windowsOnly(), request()).substatus, 2);
}

TEST_F(ConnectionAuthenticatorTest, AuthPersistSingleRequestForgetsTheLogon) {
  AuthenticationSettings settings = windowsOnly();
  settings.windows.authPersistSingleRequest = true;
  ConnectionAuthenticator connection = newConnection();
  ASSERT_EQ(ntlmHandshake(connection, settings, "NTLM").kind, AuthOutcome::Kind::kAuthenticated);
  expectReject(connection.authenticate(settings, request()), 401, 2, win32::kAccessDenied,
               kDefaultOffers);
}

TEST_F(ConnectionAuthenticatorTest, NewAuthorizationHeaderStartsOver) {
  ConnectionAuthenticator connection = newConnection();
  ASSERT_EQ(ntlmHandshake(connection, windowsOnly(), "NTLM").kind,
            AuthOutcome::Kind::kAuthenticated);
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  const AuthOutcome challenge =
      connection.authenticate(windowsOnly(), request(header("NTLM", client.step())));
  EXPECT_EQ(challenge.kind, AuthOutcome::Kind::kReject);
  // The earlier logon is gone while the new handshake is pending.
  EXPECT_EQ(connection.authenticate(windowsOnly(), request()).kind, AuthOutcome::Kind::kReject);
}

// IIS accepts a raw NTLMSSP token under Negotiate and answers under Negotiate.
TEST_F(ConnectionAuthenticatorTest, RawNtlmUnderNegotiateIsAccepted) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome outcome = ntlmHandshake(connection, windowsOnly(), "Negotiate");
  ASSERT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
  EXPECT_EQ(outcome.scheme, "Negotiate");
  EXPECT_EQ(outcome.logonMethod, "NTLM");
}

TEST_F(ConnectionAuthenticatorTest, NtlmInsideSpnegoTakesThreeLegs) {
  ConnectionAuthenticator connection = newConnection();
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kSpnego);
  const auto init = client.step();
  EXPECT_EQ(init.at(0), 0x60);  // SPNEGO NegTokenInit, not raw NTLMSSP
  const AuthOutcome challenge =
      connection.authenticate(windowsOnly(), request(header("Negotiate", init)));
  expectReject(challenge, 401, 1, win32::kSecENoCredentials, challenge.wwwAuthenticate);
  const auto response = client.step(challengeToken(challenge, "Negotiate"));
  const AuthOutcome outcome =
      connection.authenticate(windowsOnly(), request(header("Negotiate", response)));
  ASSERT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
  EXPECT_EQ(outcome.user, "HARNESS\\alice");
  EXPECT_EQ(outcome.scheme, "Negotiate");
  EXPECT_EQ(outcome.logonMethod, "NTLM");
}

TEST_F(ConnectionAuthenticatorTest, KerberosOnlyProviderRefusesNtlm) {
  AuthenticationSettings settings = windowsOnly();
  settings.windows.providers = {Provider::kNegotiateKerberos};
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  const auto type1 = client.step();
  for (const char* scheme : {"NTLM", "Negotiate"}) {
    ConnectionAuthenticator connection = newConnection();
    expectReject(connection.authenticate(settings, request(header(scheme, type1))), 401, 1,
                 win32::kSecEInvalidToken, {"Negotiate"});
  }
  ConnectionAuthenticator connection = newConnection();
  GssInitiator spnego(kUser, kPassword, GssInitiator::Wrapping::kSpnego);
  const AuthOutcome outcome =
      connection.authenticate(settings, request(header("Negotiate", spnego.step())));
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject);
  EXPECT_EQ(outcome.substatus, 1);
  EXPECT_EQ(outcome.wwwAuthenticate, std::vector<std::string>{"Negotiate"});
}

TEST_F(ConnectionAuthenticatorTest, MalformedTokensAreInvalidTokens) {
  const std::vector<std::string> malformed{
      "NTLM",                  // no token
      "NTLM !!!notbase64!!!",  // bad base64
      "NTLM " + base64Encode(std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
      "NTLM TlRMTVNTUAABAAAABoII",                            // Type 1 cut at 18 bytes
      header("NTLM", authreplay::testing::nlmp::kChallenge),  // a Type 2 from the client
      "Negotiate " + base64Encode(std::vector<std::uint8_t>{0x60, 0x7f, 0x06}),  // bad DER
      "Negotiate " + base64Encode(std::vector<std::uint8_t>{0xa1, 0x03, 0x30, 0x01, 0x00}),
  };
  for (const std::string& value : malformed) {
    ConnectionAuthenticator connection = newConnection();
    expectReject(connection.authenticate(windowsOnly(), request(value)), 401, 1,
                 win32::kSecEInvalidToken, kDefaultOffers);
  }
}

TEST_F(ConnectionAuthenticatorTest, Type3WithOffsetsOutsideTheMessageIsRefused) {
  ConnectionAuthenticator connection = newConnection();
  GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
  const AuthOutcome challenge =
      connection.authenticate(windowsOnly(), request(header("NTLM", client.step())));
  auto type3 = client.step(challengeToken(challenge, "NTLM"));
  type3[36 + 4] = 0xf0;  // UserNameFields offset far past the end
  type3[36 + 5] = 0xff;
  expectReject(connection.authenticate(windowsOnly(), request(header("NTLM", type3))), 401, 1,
               win32::kSecEInvalidToken, kDefaultOffers);
}

TEST_F(ConnectionAuthenticatorTest, OversizedAuthorizationHeaderIsABadRequest) {
  ConnectionAuthenticator connection = newConnection();
  const AuthOutcome outcome =
      connection.authenticate(windowsOnly(), request("NTLM " + std::string(70000, 'A')));
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject);
  EXPECT_EQ(outcome.status, 400);
}

TEST_F(ConnectionAuthenticatorTest, BasicChecksTheUserFile) {
  AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.basic.enabled = true;
  settings.basic.realm = "localhost";
  const std::vector<std::string> offers{"Basic realm=\"localhost\""};
  ConnectionAuthenticator connection = newConnection();
  const auto basic = [](const std::string& credentials) {
    return "Basic " +
           base64Encode(std::vector<std::uint8_t>(credentials.begin(), credentials.end()));
  };
  const AuthOutcome good =
      connection.authenticate(settings, request(basic(std::string("harness\\ALICE:") + kPassword)));
  ASSERT_EQ(good.kind, AuthOutcome::Kind::kAuthenticated) << good.detail;
  EXPECT_EQ(good.user, "HARNESS\\alice");  // the account's spelling, not the client's
  EXPECT_EQ(good.scheme, "Basic");
  // Basic is per request: the connection does not stay authenticated.
  EXPECT_EQ(connection.authenticate(settings, request()).kind, AuthOutcome::Kind::kReject);

  settings.basic.defaultLogonDomain = "HARNESS";
  EXPECT_EQ(connection.authenticate(settings, request(basic("bob:bobs-pw"))).user, "HARNESS\\bob");

  // LogonUser's ERROR_LOGON_FAILURE, logged with the user name as sent (IIS-FACTS.md §9).
  const AuthOutcome wrong = connection.authenticate(settings, request(basic("alice:nope")));
  expectReject(wrong, 401, 1, win32::kLogonFailure, offers);
  EXPECT_EQ(wrong.user, "alice");
  EXPECT_EQ(wrong.detail.find("nope"), std::string::npos) << "password leaked into the log";
  expectReject(connection.authenticate(settings, request("Basic !!")), 401, 1,
               win32::kSecELogonDenied, offers);
}

// A client that drops its connection between Type 2 and Type 3 (a browser tab closed, a proxy
// recycling its server connection): the pending handshake dies with the connection. Its Type 3
// is then an invalid token on the next connection (IIS-FACTS.md §1, NTLM is connection-based),
// and that next connection still authenticates from a fresh Type 1. Run under ASan (preset
// asan), the loop also shows the pending context is released.
TEST_F(ConnectionAuthenticatorTest, DestroyingAConnectionMidHandshakeIsClean) {
  for (int i = 0; i < 20; ++i) {
    std::vector<std::uint8_t> orphanedType3;
    {
      ConnectionAuthenticator dropped = newConnection();
      GssInitiator client(kUser, kPassword, GssInitiator::Wrapping::kRawNtlm);
      const AuthOutcome challenge =
          dropped.authenticate(windowsOnly(), request(header("NTLM", client.step())));
      expectReject(challenge, 401, 1, win32::kSecENoCredentials, challenge.wwwAuthenticate);
      orphanedType3 = client.step(challengeToken(challenge, "NTLM"));
    }  // the connection goes away mid-handshake
    ConnectionAuthenticator next = newConnection();
    expectReject(next.authenticate(windowsOnly(), request(header("NTLM", orphanedType3))), 401, 1,
                 win32::kSecEInvalidToken, kDefaultOffers);
    const AuthOutcome outcome = ntlmHandshake(next, windowsOnly(), "NTLM");
    ASSERT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << "round " << i << outcome.detail;
    EXPECT_EQ(outcome.user, "HARNESS\\alice");
  }
}

class AcceptorCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = getenv("NTLM_USER_FILE"); }
  void TearDown() override { setenv("NTLM_USER_FILE", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

TEST_F(AcceptorCredentialsTest, MissingUserFileIsAClearError) {
  unsetenv("NTLM_USER_FILE");
  try {
    iissim::AcceptorCredentials::fromEnvironment();
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("NTLM_USER_FILE is not set"), std::string::npos)
        << error.what();
  }
  setenv("NTLM_USER_FILE", (AuthEnvironment::dir() / "absent").c_str(), 1);
  try {
    iissim::AcceptorCredentials::fromEnvironment();
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot read NTLM_USER_FILE"), std::string::npos)
        << error.what();
  }
}

}  // namespace
