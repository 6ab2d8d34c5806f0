// iis-sim's NTLM acceptor judging as Windows does (issue 9): clients nobody here controls send
// Type 1s of 32 or 40 bytes and Type 3s with MICs over the bytes as exchanged; hostile ones send
// anything. Each case goes through ConnectionAuthenticator exactly as a request's Authorization
// header would, with tokens from the project's initiator in the browsers' styles
// (harness/auth/ntlm/ntlm_initiator.h) or built by hand for the malformed classes.
#include <gtest/gtest.h>

#include <algorithm>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_encode.h"
#include "auth/ntlm/ntlm_initiator.h"
#include "auth/ntlm_message.h"
#include "auth_test_environment.h"
#include "iis-sim/auth/authenticator.h"
#include "test_users.h"

namespace {

using authreplay::auth::base64Decode;
using authreplay::auth::base64Encode;
using authreplay::testing::AuthEnvironment;
using iissim::AuthenticationSettings;
using iissim::AuthOutcome;
using iissim::AuthRequest;
using iissim::ConnectionAuthenticator;
namespace win32 = iissim::win32;
namespace ntlm = authreplay::auth::ntlm;
using Bytes = std::vector<std::uint8_t>;

AuthenticationSettings windowsOnly() {
  AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.windows.enabled = true;
  return settings;
}

AuthRequest request(std::string_view scheme, std::span<const std::uint8_t> token) {
  AuthRequest request;
  request.authorization = std::string(scheme) + " " + base64Encode(token);
  request.host = "localhost";
  return request;
}

ntlm::InitiatorConfig clientConfig(ntlm::ClientStyle style,
                                   std::string_view password = authreplay::testing::kTestPassword) {
  ntlm::InitiatorConfig config;
  config.style = style;
  config.domain = "HARNESS";
  config.user = "alice";
  config.ntHash = ntlm::ntowfV1(password);
  config.workstation = style == ntlm::ClientStyle::kChromium ? "build-host" : "WIN10-CLIENT";
  config.spn = "HTTP/localhost";
  return config;
}

class NtlmJudgementTest : public ::testing::Test {
 protected:
  ConnectionAuthenticator connection_{AuthEnvironment::credentials};
  AuthenticationSettings settings_ = windowsOnly();

  // Sends `type1` and returns the Type 2 of the challenge leg (checked to be one).
  Bytes challenge(std::span<const std::uint8_t> type1, std::string_view scheme = "NTLM") {
    const AuthOutcome outcome = connection_.authenticate(settings_, request(scheme, type1));
    EXPECT_EQ(outcome.status, 401);
    EXPECT_EQ(outcome.substatus, 1);
    EXPECT_EQ(outcome.win32Status, win32::kSecENoCredentials) << outcome.detail;
    if (outcome.wwwAuthenticate.size() != 1) {
      ADD_FAILURE() << "no single challenge header: " << outcome.detail;
      return {};
    }
    const std::string& value = outcome.wwwAuthenticate[0];
    return base64Decode(value.substr(value.find(' ') + 1)).value_or(Bytes{});
  }

  AuthOutcome send(std::span<const std::uint8_t> token, std::string_view scheme = "NTLM") {
    return connection_.authenticate(settings_, request(scheme, token));
  }

  // A whole handshake of `client`; the final outcome.
  AuthOutcome handshake(ntlm::NtlmInitiator& client, std::string_view scheme = "NTLM") {
    const Bytes type2 = challenge(client.negotiate(), scheme);
    auto type3 = client.authenticate(type2);
    if (!std::holds_alternative<Bytes>(type3)) {
      ADD_FAILURE() << std::get<ntlm::InitiatorError>(type3).message;
      return {};
    }
    return send(std::get<Bytes>(type3), scheme);
  }
};

void expectLogonOf(const AuthOutcome& outcome, std::string_view user) {
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
  EXPECT_EQ(outcome.user, user);
}

void expect401(const AuthOutcome& outcome, std::uint32_t win32Status) {
  EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject) << outcome.detail;
  EXPECT_EQ(outcome.status, 401) << outcome.detail;
  EXPECT_EQ(outcome.substatus, 1) << outcome.detail;
  EXPECT_EQ(outcome.win32Status, win32Status) << outcome.detail;
}

// Chromium's 32-byte Type 1 is taken as sent and its MIC verifies (it failed with gss-ntlmssp
// behind a padding work-around: `401 1 2148074248`).
TEST_F(NtlmJudgementTest, ChromiumStyleClientLogsInWithAVerifiedMic) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium));
  ASSERT_EQ(client.negotiate().size(), 32u);
  expectLogonOf(handshake(client), "HARNESS\\alice");
}

TEST_F(NtlmJudgementTest, WindowsStyleClientLogsInWithKeyExchangeAndMic) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kWindowsSspi));
  ASSERT_EQ(client.negotiate().size(), 40u);
  expectLogonOf(handshake(client), "HARNESS\\alice");
}

TEST_F(NtlmJudgementTest, RawNtlmsspUnderNegotiateLogsIn) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kWindowsSspi));
  const AuthOutcome outcome = handshake(client, "Negotiate");
  expectLogonOf(outcome, "HARNESS\\alice");
  EXPECT_EQ(outcome.scheme, "Negotiate");
}

TEST_F(NtlmJudgementTest, WrongPasswordIsLogonDenied) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium, "wrong"));
  expect401(handshake(client), win32::kSecELogonDenied);
}

// The Type 2 a Windows Server 2019 member server sends (ntlm_acceptor.h): Version 10.0.17763,
// the domain as TargetName, the five names and a timestamp, flags per client.
TEST_F(NtlmJudgementTest, ChallengeLooksLikeWindowsServer) {
  ntlm::NtlmInitiator chrome(clientConfig(ntlm::ClientStyle::kChromium));
  auto decoded = ntlm::decodeChallenge(challenge(chrome.negotiate()));
  ASSERT_TRUE(std::holds_alternative<ntlm::ChallengeMessage>(decoded));
  const auto& message = std::get<ntlm::ChallengeMessage>(decoded);
  EXPECT_EQ(message.negotiateFlags, 0x02898205u);
  ASSERT_TRUE(message.version);
  EXPECT_EQ(*message.version, (ntlm::Version{10, 0, 17763, 15}));
  EXPECT_EQ(message.targetName, "HARNESS");
  std::vector<std::uint16_t> ids;
  for (const auto& pair : message.targetInfo) {
    ids.push_back(pair.id);
  }
  EXPECT_EQ(ids, (std::vector<std::uint16_t>{2, 1, 4, 3, 5, 7}));
  EXPECT_EQ(ntlm::utf16leToUtf8(
                ntlm::findAvPair(message.targetInfo, ntlm::AvId::kDnsComputerName)->value),
            "iis-sim.harness");

  ConnectionAuthenticator other(AuthEnvironment::credentials);
  ntlm::NtlmInitiator sspi(clientConfig(ntlm::ClientStyle::kWindowsSspi));
  const AuthOutcome outcome = other.authenticate(settings_, request("NTLM", sspi.negotiate()));
  const std::string& value = outcome.wwwAuthenticate.at(0);
  auto sspiChallenge = ntlm::decodeChallenge(base64Decode(value.substr(5)).value());
  EXPECT_EQ(std::get<ntlm::ChallengeMessage>(sspiChallenge).negotiateFlags, 0xe2898215u);
}

// A Type 1 changed in transit (what iis-sim's old padding did) breaks the MIC, as on Windows.
TEST_F(NtlmJudgementTest, Type1AlteredInTransitFailsTheMic) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium));
  Bytes padded = client.negotiate();
  padded.insert(padded.end(), 8, 0);  // a zero Version slot
  const Bytes type2 = challenge(padded);
  auto type3 = client.authenticate(type2);
  ASSERT_TRUE(std::holds_alternative<Bytes>(type3));
  expect401(send(std::get<Bytes>(type3)), win32::kSecELogonDenied);
}

TEST_F(NtlmJudgementTest, TamperedMicIsRefused) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kWindowsSspi));
  const Bytes type2 = challenge(client.negotiate());
  Bytes type3 = std::get<Bytes>(client.authenticate(type2));
  type3[ntlm::kMicOffset] ^= 0x01;
  expect401(send(type3), win32::kSecELogonDenied);
}

// The gss-ntlmssp 1.2.0 acceptor crash (issue 9): after a Type 1, a Type 3 with a 24-byte NT
// response and an empty LM response. NTLMv1 is refused (LmCompatibilityLevel 5) and the same
// connection still authenticates afterwards; also as raw NTLMSSP under Negotiate.
TEST_F(NtlmJudgementTest, TwentyFourByteNtResponseWithEmptyLmIsRefusedAndServingGoesOn) {
  for (const std::string_view scheme : {"NTLM", "Negotiate"}) {
    ntlm::NtlmInitiator probe(clientConfig(ntlm::ClientStyle::kChromium));
    challenge(probe.negotiate(), scheme);
    ntlm::AuthenticateLayout layout;
    layout.flags = 0x00088205;
    layout.ntResponse = Bytes(24, 0x41);
    layout.user = ntlm::utf16le("alice");
    layout.domain = ntlm::utf16le("HARNESS");
    expect401(send(ntlm::encodeAuthenticate(layout), scheme), win32::kSecELogonDenied);

    ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium));
    expectLogonOf(handshake(client, scheme), "HARNESS\\alice");
  }
}

// Chromium with NtlmV2Enabled=false sends NTLMv1 with extended session security: refused.
TEST_F(NtlmJudgementTest, NtlmV1IsRefusedByDefault) {
  auto config = clientConfig(ntlm::ClientStyle::kChromium);
  config.ntlmV2 = false;
  ntlm::NtlmInitiator client(config);
  expect401(handshake(client), win32::kSecELogonDenied);
}

TEST_F(NtlmJudgementTest, ReplayedType3IsRefused) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium));
  const Bytes type2 = challenge(client.negotiate());
  const Bytes type3 = std::get<Bytes>(client.authenticate(type2));
  expectLogonOf(send(type3), "HARNESS\\alice");
  // On the authenticated connection, without a new Type 1: out of order.
  expect401(send(type3), win32::kSecEInvalidToken);
  // After a new Type 1: a different server challenge, so the response no longer verifies.
  ntlm::NtlmInitiator again(clientConfig(ntlm::ClientStyle::kChromium));
  challenge(again.negotiate());
  expect401(send(type3), win32::kSecELogonDenied);
}

TEST_F(NtlmJudgementTest, OutOfOrderMessagesAreInvalidTokens) {
  ntlm::NtlmInitiator client(clientConfig(ntlm::ClientStyle::kChromium));
  ntlm::NtlmInitiator other(clientConfig(ntlm::ClientStyle::kChromium));
  ConnectionAuthenticator elsewhere(AuthEnvironment::credentials);
  const AuthOutcome first = elsewhere.authenticate(settings_, request("NTLM", other.negotiate()));
  const Bytes type2 = base64Decode(first.wwwAuthenticate.at(0).substr(5)).value_or(Bytes{});
  // A Type 3 first on a fresh connection, and a Type 2 sent by a client.
  expect401(send(std::get<Bytes>(other.authenticate(type2))), win32::kSecEInvalidToken);
  expect401(send(type2), win32::kSecEInvalidToken);
}

// Every truncation and every single-byte corruption of real Type 1 and Type 3 messages gets a 401
// and never a crash or a logon (ASan/UBSan builds run this too).
TEST_F(NtlmJudgementTest, TruncatedAndCorruptedMessagesNeverLogOn) {
  for (const auto style : {ntlm::ClientStyle::kChromium, ntlm::ClientStyle::kWindowsSspi}) {
    ntlm::NtlmInitiator client(clientConfig(style));
    ConnectionAuthenticator origin(AuthEnvironment::credentials);
    const AuthOutcome first = origin.authenticate(settings_, request("NTLM", client.negotiate()));
    const Bytes type2 = base64Decode(first.wwwAuthenticate.at(0).substr(5)).value_or(Bytes{});
    const Bytes type3 = std::get<Bytes>(client.authenticate(type2));
    for (std::size_t length = 0; length < type3.size(); length += 3) {
      ntlm::NtlmInitiator fresh(clientConfig(style));
      challenge(fresh.negotiate());
      const Bytes cut(type3.begin(), type3.begin() + static_cast<std::ptrdiff_t>(length));
      const AuthOutcome outcome = send(cut);
      EXPECT_EQ(outcome.status, 401) << "length " << length;
      EXPECT_NE(outcome.kind, AuthOutcome::Kind::kAuthenticated);
    }
    for (std::size_t at = 8; at < type3.size(); at += 5) {
      ntlm::NtlmInitiator fresh(clientConfig(style));
      challenge(fresh.negotiate());
      Bytes corrupt = type3;
      corrupt[at] ^= 0xff;
      EXPECT_NE(send(corrupt).kind, AuthOutcome::Kind::kAuthenticated) << "byte " << at;
    }
    for (std::size_t length = 0; length < client.negotiate().size(); ++length) {
      const Bytes cut(client.negotiate().begin(),
                      client.negotiate().begin() + static_cast<std::ptrdiff_t>(length));
      const AuthOutcome outcome = send(cut);
      EXPECT_EQ(outcome.status, 401) << "Type 1 length " << length;
    }
  }
}

}  // namespace
