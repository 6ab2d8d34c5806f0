#include "auth/gss_ntlmssp_compat.h"

#include <gtest/gtest.h>

#include "auth/ntlm_message.h"
#include "ms_nlmp_vectors.h"

namespace {

namespace ntlm = authreplay::auth::ntlm;
namespace nlmp = authreplay::testing::nlmp;

// IIS-FACTS.md §8: curl's 32-byte Type 1 becomes the 40-byte form gss-ntlmssp 1.2.0 decodes.
TEST(GssNtlmsspCompatTest, MaterialisesTheVersionSlotOfCurlsType1) {
  const auto padded = iissim::padNegotiateVersion(nlmp::kCurlNegotiate);
  ASSERT_EQ(padded.size(), iissim::kNegotiateWithVersionSize);
  EXPECT_TRUE(std::equal(nlmp::kCurlNegotiate.begin(), nlmp::kCurlNegotiate.end(), padded.begin()));
  EXPECT_TRUE(std::all_of(padded.begin() + 32, padded.end(), [](auto b) { return b == 0; }));
  const auto decoded = ntlm::decodeNegotiate(padded);
  ASSERT_TRUE(std::holds_alternative<ntlm::NegotiateMessage>(decoded));
  // Flags are untouched: NEGOTIATE_VERSION stays clear, so nobody reads the zeros as a version.
  EXPECT_EQ(std::get<ntlm::NegotiateMessage>(decoded).negotiateFlags, 0x00088206u);
  EXPECT_FALSE(std::get<ntlm::NegotiateMessage>(decoded).version);
}

TEST(GssNtlmsspCompatTest, MovesPayloadOffsetsPastTheInsertedSlot) {
  // A version-less Type 1 with a 3-byte OEM domain in its payload at offset 32 (35 bytes).
  std::vector<std::uint8_t> message = nlmp::kCurlNegotiate;
  message[13] = 0x82 | 0x10;  // + NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED (0x1000)
  message[16] = 3;
  message[18] = 3;
  message[20] = 32;
  message.insert(message.end(), {'D', 'O', 'M'});
  const auto padded = iissim::padNegotiateVersion(message);
  ASSERT_EQ(padded.size(), 43u);
  EXPECT_EQ(padded[20], 40);  // offset moved by 8
  const auto decoded = ntlm::decodeNegotiate(padded);
  ASSERT_TRUE(std::holds_alternative<ntlm::NegotiateMessage>(decoded));
  EXPECT_EQ(std::get<ntlm::NegotiateMessage>(decoded).domain, "DOM");
}

TEST(GssNtlmsspCompatTest, LeavesFullSizeAndUndecodableMessagesAlone) {
  std::vector<std::uint8_t> full = nlmp::kCurlNegotiate;
  full.resize(40, 0);
  EXPECT_EQ(iissim::padNegotiateVersion(full), full);
  const std::vector<std::uint8_t> truncated(nlmp::kCurlNegotiate.begin(),
                                            nlmp::kCurlNegotiate.begin() + 20);
  EXPECT_EQ(iissim::padNegotiateVersion(truncated), truncated);
  EXPECT_EQ(iissim::padNegotiateVersion(nlmp::kChallenge), nlmp::kChallenge);
}

// curl's Type 3 as it answers gss-ntlmssp's Type 2: flags echo NEGOTIATE_VERSION, layout has none.
std::vector<std::uint8_t> curlStyleAuthenticate() {
  std::vector<std::uint8_t> message = nlmp::kAuthenticate;
  message.erase(message.begin() + 64, message.begin() + 72);  // drop the Version
  for (std::size_t field = 12; field < 60; field += 8) {      // and move every offset down by 8
    message[field + 4] = static_cast<std::uint8_t>(message[field + 4] - 8);
  }
  return message;
}

TEST(GssNtlmsspCompatTest, ClearsAVersionFlagTheType3DoesNotLayOut) {
  const auto message = curlStyleAuthenticate();
  ASSERT_TRUE(std::holds_alternative<ntlm::AuthenticateMessage>(ntlm::decodeAuthenticate(message)));
  const auto fixed = iissim::clearPhantomVersionFlag(message);
  ASSERT_EQ(fixed.size(), message.size());
  // Only the NEGOTIATE_VERSION bit (0x02000000, byte 63) differs.
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (i != 63) {
      EXPECT_EQ(fixed[i], message[i]) << "byte " << i;
    }
  }
  EXPECT_EQ(message[63], 0xe2);
  EXPECT_EQ(fixed[63], 0xe0);
  const auto decoded = ntlm::decodeAuthenticate(fixed);
  ASSERT_TRUE(std::holds_alternative<ntlm::AuthenticateMessage>(decoded));
  EXPECT_EQ(std::get<ntlm::AuthenticateMessage>(decoded).user, "User");
}

TEST(GssNtlmsspCompatTest, LeavesAType3WithItsVersionAlone) {
  EXPECT_EQ(iissim::clearPhantomVersionFlag(nlmp::kAuthenticate), nlmp::kAuthenticate);
  const std::vector<std::uint8_t> truncated(nlmp::kAuthenticate.begin(),
                                            nlmp::kAuthenticate.begin() + 100);
  EXPECT_EQ(iissim::clearPhantomVersionFlag(truncated), truncated);
}

}  // namespace
