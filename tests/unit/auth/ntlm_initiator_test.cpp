// The project's NTLM initiator (harness/auth/ntlm/ntlm_initiator.h) in each client style: the
// Type 1 byte for byte as the real client sends it, the Type 3's layout (header, MIC slot, payload
// order, flags, AV pairs, names) as that client builds it, a whole logon against the project's
// acceptor, and the Type 2s that crashed gss-ntlmssp 1.2.0's initiator (issue 9, IIS-FACTS.md §8).
#include "auth/ntlm/ntlm_initiator.h"

#include <gtest/gtest.h>

#include <random>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_acceptor.h"
#include "auth/ntlm/ntlm_encode.h"
#include "ntlm_test_support.h"
#include "test_users.h"

namespace authreplay::auth::ntlm {
namespace {

using testing::aliceAcceptor;
using testing::clientAvPairs;
using testing::type3Fields;

InitiatorConfig config(ClientStyle style, std::string_view password = testing::kTestPassword) {
  InitiatorConfig c;
  c.style = style;
  c.domain = "HARNESS";
  c.user = "alice";
  c.ntHash = ntowfV1(password);
  c.workstation = style == ClientStyle::kChromium ? "build-host.example" : "WIN10-CLIENT";
  c.spn = style == ClientStyle::kChromium ? "HTTP/localhost:8080" : "HTTP/localhost";
  return c;
}

struct Logon {
  Bytes type2;
  Bytes type3;
  std::variant<AcceptedLogon, AcceptFailure> result;
};

Logon logOn(NtlmInitiator& client) {
  NtlmAcceptor server(aliceAcceptor());
  Logon out{{}, {}, AcceptFailure{}};
  auto challenge = server.challenge(client.negotiate());
  if (!std::holds_alternative<Bytes>(challenge)) {
    ADD_FAILURE() << std::get<AcceptFailure>(challenge).reason;
    return out;
  }
  out.type2 = std::get<Bytes>(challenge);
  auto answer = client.authenticate(out.type2);
  if (!std::holds_alternative<Bytes>(answer)) {
    ADD_FAILURE() << std::get<InitiatorError>(answer).message;
    return out;
  }
  out.type3 = std::get<Bytes>(answer);
  out.result = server.authenticate(out.type3);
  return out;
}

TEST(NtlmInitiator, ChromiumType1IsNetNtlmsThirtyTwoBytes) {
  NtlmInitiator client(config(ClientStyle::kChromium));
  EXPECT_EQ(client.negotiate().size(), 32u);
  EXPECT_EQ(base64Encode(client.negotiate()), "TlRMTVNTUAABAAAAB4IIAAAAAAAgAAAAAAAAACAAAAA=");
}

TEST(NtlmInitiator, WindowsType1IsTheCapturedFortyBytes) {
  NtlmInitiator client(config(ClientStyle::kWindowsSspi));
  EXPECT_EQ(client.negotiate().size(), 40u);
  EXPECT_EQ(base64Encode(client.negotiate()),
            "TlRMTVNTUAABAAAAl4II4gAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==");
}

// Chromium (ntlm_client.cc GenerateAuthenticateMessage): 88-byte header with a zero Version and
// the MIC, payload session key (empty), LM Z(24), NT, domain, user, workstation as is; flags the
// challenge's & 0x00088207 | EXTENDED_SESSIONSECURITY; no MsvAvSingleHost.
TEST(NtlmInitiator, ChromiumType3Layout) {
  NtlmInitiator client(config(ClientStyle::kChromium));
  const Logon logon = logOn(client);
  ASSERT_TRUE(std::holds_alternative<AcceptedLogon>(logon.result))
      << std::get<AcceptFailure>(logon.result).reason;
  EXPECT_TRUE(std::get<AcceptedLogon>(logon.result).micVerified);
  const Bytes& m = logon.type3;
  const auto f = type3Fields(m);
  const std::uint32_t challengeFlags = testing::u32At(logon.type2, 20);
  EXPECT_EQ(f.flags, (challengeFlags & 0x00088207u) | flags::kExtendedSessionSecurity);
  EXPECT_EQ(f.flags & flags::kVersion, 0u);
  EXPECT_EQ(f.flags & flags::kKeyExchange, 0u);
  EXPECT_EQ(f.sessionKey.length, 0u);
  EXPECT_EQ(f.lm.offset, 88u) << "payload right after the 88-byte header";
  EXPECT_EQ(f.lm.length, 24u);
  EXPECT_EQ(Bytes(m.begin() + 88, m.begin() + 112), Bytes(24, 0)) << "LM is Z(24)";
  EXPECT_EQ(f.nt.offset, f.lm.offset + f.lm.length);
  EXPECT_EQ(f.domain.offset, f.nt.offset + f.nt.length);
  EXPECT_EQ(f.user.offset, f.domain.offset + f.domain.length);
  EXPECT_EQ(f.workstation.offset, f.user.offset + f.user.length);
  EXPECT_EQ(f.workstation.offset + f.workstation.length, m.size());
  EXPECT_EQ(Bytes(m.begin() + 64, m.begin() + 72), Bytes(8, 0)) << "Version slot, zero";
  EXPECT_NE(Bytes(m.begin() + 72, m.begin() + 88), Bytes(16, 0)) << "MIC";

  auto decoded = decodeAuthenticate(m);
  ASSERT_TRUE(std::holds_alternative<AuthenticateMessage>(decoded));
  const auto& message = std::get<AuthenticateMessage>(decoded);
  EXPECT_EQ(message.domain, "HARNESS");
  EXPECT_EQ(message.user, "alice");
  EXPECT_EQ(message.workstation, "build-host.example");

  const auto pairs = clientAvPairs(m);
  const AvPair* avFlags = findAvPair(pairs, AvId::kFlags);
  ASSERT_NE(avFlags, nullptr);
  EXPECT_EQ(avFlags->value.at(0) & 0x02, 0x02) << "MsvAvFlags MIC_PRESENT";
  const AvPair* bindings = findAvPair(pairs, AvId::kChannelBindings);
  ASSERT_NE(bindings, nullptr);
  EXPECT_EQ(bindings->value, Bytes(16, 0)) << "no TLS: zeros";
  const AvPair* target = findAvPair(pairs, AvId::kTargetName);
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(utf16leToUtf8(target->value), "HTTP/localhost:8080");
  EXPECT_EQ(findAvPair(pairs, AvId::kSingleHost), nullptr);
  EXPECT_NE(findAvPair(pairs, AvId::kTimestamp), nullptr) << "the server's pairs are kept";
}

// Windows 10 SSPI: 88-byte header with Version 10.0.19041.15 and the MIC, payload domain, user,
// workstation, LM Z(24), NT, session key (key exchange); MsvAvSingleHost added.
TEST(NtlmInitiator, WindowsType3Layout) {
  NtlmInitiator client(config(ClientStyle::kWindowsSspi));
  const Logon logon = logOn(client);
  ASSERT_TRUE(std::holds_alternative<AcceptedLogon>(logon.result))
      << std::get<AcceptFailure>(logon.result).reason;
  EXPECT_TRUE(std::get<AcceptedLogon>(logon.result).micVerified);
  const Bytes& m = logon.type3;
  const auto f = type3Fields(m);
  // What was asked for and granted, plus TARGET_INFO, without TARGET_TYPE_* (and LM_KEY, dropped
  // by extended session security): the 0xe2888215 of Windows 10 captures.
  EXPECT_EQ(f.flags, 0xe2888215u);
  EXPECT_EQ(f.domain.offset, 88u);
  EXPECT_EQ(f.user.offset, f.domain.offset + f.domain.length);
  EXPECT_EQ(f.workstation.offset, f.user.offset + f.user.length);
  EXPECT_EQ(f.lm.offset, f.workstation.offset + f.workstation.length);
  EXPECT_EQ(f.lm.length, 24u);
  EXPECT_EQ(f.nt.offset, f.lm.offset + f.lm.length);
  EXPECT_EQ(f.sessionKey.offset, f.nt.offset + f.nt.length);
  EXPECT_EQ(f.sessionKey.length, 16u) << "KEY_EXCH: EncryptedRandomSessionKey";
  EXPECT_EQ(f.sessionKey.offset + f.sessionKey.length, m.size());
  EXPECT_EQ(Bytes(m.begin() + 64, m.begin() + 72), (Bytes{10, 0, 0x61, 0x4a, 0, 0, 0, 15}));
  EXPECT_NE(Bytes(m.begin() + 72, m.begin() + 88), Bytes(16, 0)) << "MIC";

  auto decoded = decodeAuthenticate(m);
  ASSERT_TRUE(std::holds_alternative<AuthenticateMessage>(decoded));
  EXPECT_EQ(std::get<AuthenticateMessage>(decoded).workstation, "WIN10-CLIENT");

  const auto pairs = clientAvPairs(m);
  const AvPair* avFlags = findAvPair(pairs, AvId::kFlags);
  ASSERT_NE(avFlags, nullptr);
  EXPECT_EQ(avFlags->value.at(0) & 0x02, 0x02);
  const AvPair* singleHost = findAvPair(pairs, AvId::kSingleHost);
  ASSERT_NE(singleHost, nullptr);
  EXPECT_EQ(singleHost->value.size(), 48u);
  ASSERT_NE(findAvPair(pairs, AvId::kChannelBindings), nullptr);
  const AvPair* target = findAvPair(pairs, AvId::kTargetName);
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(utf16leToUtf8(target->value), "HTTP/localhost");
}

TEST(NtlmInitiator, WrongPasswordIsLogonDeniedInEveryStyle) {
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    NtlmInitiator client(config(style, "not-the-password"));
    const Logon logon = logOn(client);
    ASSERT_TRUE(std::holds_alternative<AcceptFailure>(logon.result));
    EXPECT_EQ(std::get<AcceptFailure>(logon.result).win32Status, kSecELogonDenied);
  }
}

// A Type 2 as gss-ntlmssp's initiator cannot take: TARGET_TYPE_SERVER or _DOMAIN set and an empty
// TargetName (gss-ntlmssp 1.2.0 writes through NULL there: issue 9, IIS-FACTS.md §8). Every style
// answers it with a Type 3 that decodes; with no target info at all, too.
TEST(NtlmInitiator, TargetTypeWithEmptyTargetNameIsAnsweredInEveryStyle) {
  for (const std::uint32_t targetType : {flags::kTargetTypeServer, flags::kTargetTypeDomain}) {
    for (const bool withInfo : {true, false}) {
      ChallengeLayout layout;
      layout.flags = flags::kUnicode | flags::kRequestTarget | flags::kNtlm | flags::kAlwaysSign |
                     flags::kExtendedSessionSecurity | targetType | flags::kVersion | flags::k128 |
                     (withInfo ? flags::kTargetInfo : 0);
      layout.serverChallenge = {1, 2, 3, 4, 5, 6, 7, 8};
      layout.version = kWindowsServer2019Version;
      if (withInfo) {
        layout.targetInfo = encodeAvPairs({avPairUtf16(AvId::kNbComputerName, "IIS01"),
                                           avPairU64(AvId::kTimestamp, fileTimeNow())});
      }
      const Bytes type2 = encodeChallenge(layout);
      for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
        NtlmInitiator client(config(style));
        auto answer = client.authenticate(type2);
        ASSERT_TRUE(std::holds_alternative<Bytes>(answer))
            << std::get<InitiatorError>(answer).message;
        EXPECT_TRUE(std::holds_alternative<AuthenticateMessage>(
            decodeAuthenticate(std::get<Bytes>(answer))));
        EXPECT_TRUE(client.complete());
      }
    }
  }
}

// Every truncation of a real Type 2 is refused with a reason; mutated ones never crash.
TEST(NtlmInitiator, TruncatedAndGarbageType2sAreErrors) {
  NtlmInitiator reference(config(ClientStyle::kWindowsSspi));
  NtlmAcceptor server(aliceAcceptor());
  const Bytes type2 = std::get<Bytes>(server.challenge(reference.negotiate()));
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    for (std::size_t size = 0; size < type2.size(); ++size) {
      NtlmInitiator client(config(style));
      auto answer = client.authenticate(std::span(type2).first(size));
      ASSERT_TRUE(std::holds_alternative<InitiatorError>(answer)) << "size " << size;
      EXPECT_FALSE(std::get<InitiatorError>(answer).message.empty());
      EXPECT_FALSE(client.complete());
    }
    NtlmInitiator typeThree(config(style));
    Bytes wrongType = type2;
    wrongType[8] = 3;
    EXPECT_TRUE(std::holds_alternative<InitiatorError>(typeThree.authenticate(wrongType)));
    NtlmInitiator badInfo(config(style));
    Bytes hugeInfo = type2;
    hugeInfo[40] = 0xff;  // TargetInfoFields.Len beyond the message
    hugeInfo[41] = 0xff;
    EXPECT_TRUE(std::holds_alternative<InitiatorError>(badInfo.authenticate(hugeInfo)));
  }
  std::mt19937 random(9);
  for (int round = 0; round < 2000; ++round) {
    Bytes mutated = type2;
    for (int flips = 0; flips < 4; ++flips) {
      mutated[random() % mutated.size()] = static_cast<std::uint8_t>(random());
    }
    NtlmInitiator client(
        config(round % 2 == 0 ? ClientStyle::kChromium : ClientStyle::kWindowsSspi));
    (void)client.authenticate(mutated);  // an error or a Type 3; never a crash
  }
}

}  // namespace
}  // namespace authreplay::auth::ntlm
