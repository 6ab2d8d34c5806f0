#include "auth/ntlm_message.h"

#include <gtest/gtest.h>

#include "ms_nlmp_vectors.h"

namespace {

namespace ntlm = authreplay::auth::ntlm;
namespace nlmp = authreplay::testing::nlmp;
using authreplay::auth::Decoded;
using authreplay::auth::DecodeError;

template <typename Message>
Message expectDecoded(Decoded<Message> decoded) {
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    ADD_FAILURE() << "decode failed: " << error->message;
    return Message{};
  }
  return std::get<Message>(std::move(decoded));
}

template <typename Message>
std::string expectError(const Decoded<Message>& decoded) {
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    return error->message;
  }
  ADD_FAILURE() << "decoded a message that should have been refused";
  return {};
}

void putU32(std::vector<std::uint8_t>& message, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) {
    message[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

TEST(NtlmMessageTest, DetectsTypesAndLabelsLegs) {
  EXPECT_EQ(ntlm::messageType(nlmp::kCurlNegotiate), ntlm::MessageType::kNegotiate);
  EXPECT_EQ(ntlm::messageType(nlmp::kChallenge), ntlm::MessageType::kChallenge);
  EXPECT_EQ(ntlm::messageType(nlmp::kAuthenticate), ntlm::MessageType::kAuthenticate);
  EXPECT_EQ(ntlm::legLabel(nlmp::kCurlNegotiate), "NTLM/1");
  EXPECT_EQ(ntlm::legLabel(nlmp::kChallenge), "NTLM/2");
  EXPECT_EQ(ntlm::legLabel(nlmp::kAuthenticate), "NTLM/3");
}

TEST(NtlmMessageTest, RejectsWrongSignatureTypeAndShortHeader) {
  std::vector<std::uint8_t> message = nlmp::kCurlNegotiate;
  message[0] = 'X';
  EXPECT_FALSE(ntlm::messageType(message));
  EXPECT_EQ(ntlm::legLabel(message), "NTLM/?");
  message = nlmp::kCurlNegotiate;
  putU32(message, 8, 4);
  EXPECT_FALSE(ntlm::messageType(message));
  EXPECT_FALSE(ntlm::messageType(std::span(nlmp::kCurlNegotiate).first(11)));
  EXPECT_FALSE(ntlm::messageType({}));
}

TEST(NtlmMessageTest, DecodesCurlsNegotiateWithoutVersion) {
  const auto message = expectDecoded(ntlm::decodeNegotiate(nlmp::kCurlNegotiate));
  EXPECT_EQ(message.negotiateFlags, 0x00088206u);
  EXPECT_FALSE(message.version);
  EXPECT_FALSE(message.hasVersionSlot);
  EXPECT_FALSE(message.domain);
  EXPECT_FALSE(message.workstation);
}

TEST(NtlmMessageTest, DecodesNegotiateWithVersionAndOemNames) {
  // Type 1 with NEGOTIATE_VERSION and OEM domain/workstation supplied (MS-NLMP 2.2.1.1).
  std::vector<std::uint8_t> message = nlmp::kCurlNegotiate;
  putU32(message, 12,
         0x00088206u | ntlm::flags::kVersion | ntlm::flags::kOemDomainSupplied |
             ntlm::flags::kOemWorkstationSupplied);
  message.insert(message.end(), {10, 0, 0x61, 0x4a, 0, 0, 0, 15});  // Version 10.0.19041 rev 15
  message.insert(message.end(), {'H', 'A', 'R', 'N', 'E', 'S', 'S', 'W', 'S', '1'});
  message[16] = 7;  // DomainNameFields: len 7 at 40
  message[18] = 7;
  putU32(message, 20, 40);
  message[24] = 3;  // WorkstationFields: len 3 at 47
  message[26] = 3;
  putU32(message, 28, 47);
  const auto decoded = expectDecoded(ntlm::decodeNegotiate(message));
  ASSERT_TRUE(decoded.version);
  EXPECT_EQ(*decoded.version, (ntlm::Version{10, 0, 19041, 15}));
  EXPECT_EQ(decoded.domain, "HARNESS");
  EXPECT_EQ(decoded.workstation, "WS1");
}

TEST(NtlmMessageTest, RefusesNegotiateFieldsOutsideTheMessage) {
  std::vector<std::uint8_t> message = nlmp::kCurlNegotiate;
  putU32(message, 12, 0x00088206u | ntlm::flags::kOemDomainSupplied);
  message[16] = 12;  // 12 bytes at offset 900 of a 32-byte message
  putU32(message, 20, 900);
  EXPECT_EQ(expectError(ntlm::decodeNegotiate(message)),
            "DomainNameFields: offset 900 + length 12 outside the payload (bytes 32..32)");
  putU32(message, 20, 0xFFFFFFF8u);  // offset + length would wrap a 32-bit sum
  EXPECT_FALSE(expectError(ntlm::decodeNegotiate(message)).empty());
  putU32(message, 20, 8);  // overlapping the fixed header
  EXPECT_FALSE(expectError(ntlm::decodeNegotiate(message)).empty());
}

TEST(NtlmMessageTest, RefusesTruncatedMessages) {
  EXPECT_EQ(expectError(ntlm::decodeNegotiate(std::span(nlmp::kCurlNegotiate).first(20))),
            "truncated: 20 bytes, at least 32 needed");
  EXPECT_FALSE(expectError(ntlm::decodeChallenge(std::span(nlmp::kChallenge).first(30))).empty());
  EXPECT_FALSE(
      expectError(ntlm::decodeAuthenticate(std::span(nlmp::kAuthenticate).first(63))).empty());
  // Cut inside the payload: the fixed header is there but the fields point past the end.
  EXPECT_FALSE(
      expectError(ntlm::decodeAuthenticate(std::span(nlmp::kAuthenticate).first(200))).empty());
  EXPECT_FALSE(expectError(ntlm::decodeChallenge(std::span(nlmp::kChallenge).first(80))).empty());
}

TEST(NtlmMessageTest, RefusesAMessageOfAnotherType) {
  EXPECT_EQ(expectError(ntlm::decodeNegotiate(nlmp::kChallenge)),
            "expected NTLM type 1, got type 2");
}

// MS-NLMP 4.2.4.3.
TEST(NtlmMessageTest, DecodesMsNlmpChallenge) {
  const auto message = expectDecoded(ntlm::decodeChallenge(nlmp::kChallenge));
  EXPECT_EQ(message.negotiateFlags, 0xe28a8233u);
  EXPECT_EQ(message.targetName, "Server");
  EXPECT_EQ(message.serverChallenge,
            (std::array<std::uint8_t, 8>{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}));
  ASSERT_TRUE(message.version);
  EXPECT_EQ(*message.version, (ntlm::Version{6, 0, 6000, 15}));
  ASSERT_EQ(message.targetInfo.size(), 2u);
  const auto* domain = ntlm::findAvPair(message.targetInfo, ntlm::AvId::kNbDomainName);
  ASSERT_NE(domain, nullptr);
  EXPECT_EQ(ntlm::utf16leToUtf8(domain->value), "Domain");
  const auto* computer = ntlm::findAvPair(message.targetInfo, ntlm::AvId::kNbComputerName);
  ASSERT_NE(computer, nullptr);
  EXPECT_EQ(ntlm::utf16leToUtf8(computer->value), "Server");
  EXPECT_EQ(ntlm::findAvPair(message.targetInfo, ntlm::AvId::kTimestamp), nullptr);
}

TEST(NtlmMessageTest, RefusesAnAvPairRunningPastTargetInfo) {
  std::vector<std::uint8_t> message = nlmp::kChallenge;
  message[0x44 + 2] = 0x40;  // first AV pair claims 64 bytes inside a 36-byte TargetInfo
  EXPECT_EQ(expectError(ntlm::decodeChallenge(message)),
            "TargetInfo: AV pair 2 of 64 bytes runs past the field");
  message = nlmp::kChallenge;
  message.resize(message.size() - 4);  // drop MsvAvEOL ...
  message[40] = 32;                    // ... and shrink TargetInfoFields to match
  message[42] = 32;
  EXPECT_EQ(expectError(ntlm::decodeChallenge(message)),
            "TargetInfo: AV pair header beyond the field at byte 32");
}

// MS-NLMP 4.2.4.3.
TEST(NtlmMessageTest, DecodesMsNlmpAuthenticate) {
  const auto message = expectDecoded(ntlm::decodeAuthenticate(nlmp::kAuthenticate));
  EXPECT_EQ(message.negotiateFlags, 0xe2888235u);
  EXPECT_EQ(message.domain, "Domain");
  EXPECT_EQ(message.user, "User");
  EXPECT_EQ(message.workstation, "COMPUTER");
  EXPECT_EQ(message.lmResponseLength, 24u);
  EXPECT_EQ(message.ntResponseLength, 84u);  // NTLMv2
  EXPECT_EQ(message.sessionKeyLength, 16u);
  ASSERT_TRUE(message.version);
  EXPECT_EQ(*message.version, (ntlm::Version{5, 1, 2600, 15}));
  EXPECT_FALSE(message.hasMic);  // payload starts at 72
}

TEST(NtlmMessageTest, RefusesAuthenticateWithOverlongUserField) {
  std::vector<std::uint8_t> message = nlmp::kAuthenticate;
  message[36] = 0xff;  // UserNameFields length 0x00ff at 0x54: runs past the 232-byte message
  EXPECT_EQ(expectError(ntlm::decodeAuthenticate(message)),
            "UserNameFields: offset 84 + length 255 outside the payload (bytes 64..232)");
}

TEST(NtlmMessageTest, RefusesOddLengthUnicodeNames) {
  std::vector<std::uint8_t> message = nlmp::kAuthenticate;
  message[36] = 7;  // "User" in UTF-16LE with one byte missing
  EXPECT_EQ(expectError(ntlm::decodeAuthenticate(message)), "UserName: not valid UTF-16LE");
}

TEST(NtlmMessageTest, ConvertsUtf16Names) {
  const std::vector<std::uint8_t> text{0x41, 0x00, 0xe9, 0x00, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde};
  EXPECT_EQ(ntlm::utf16leToUtf8(text), "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  EXPECT_FALSE(ntlm::utf16leToUtf8(std::vector<std::uint8_t>{0x00, 0xdc}));  // lone low surrogate
  EXPECT_FALSE(ntlm::utf16leToUtf8(std::vector<std::uint8_t>{0x3d, 0xd8}));  // truncated pair
}

}  // namespace
