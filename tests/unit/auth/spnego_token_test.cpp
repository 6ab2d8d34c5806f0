#include "auth/spnego_token.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

using authreplay::auth::classifyNegotiateToken;
using authreplay::auth::SpnegoTokenKind;

TEST(SpnegoTokenTest, RecognisesNegTokenInitByItsOid) {
  // [APPLICATION 0] { OID 1.3.6.1.5.5.2, NegTokenInit ... } (RFC 4178 §4.2.1), body elided.
  const std::vector<std::uint8_t> init{0x60, 0x0a, 0x06, 0x06, 0x2b, 0x06,
                                       0x01, 0x05, 0x05, 0x02, 0xa0, 0x00};
  EXPECT_EQ(classifyNegotiateToken(init), SpnegoTokenKind::kSpnegoInit);
}

TEST(SpnegoTokenTest, RecognisesRawKerberosUnderBothOids) {
  const std::vector<std::uint8_t> mit{0x60, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                      0xf7, 0x12, 0x01, 0x02, 0x02, 0x01, 0x00};
  EXPECT_EQ(classifyNegotiateToken(mit), SpnegoTokenKind::kKerberos);
  std::vector<std::uint8_t> microsoft = mit;
  microsoft[7] = 0x82;
  EXPECT_EQ(classifyNegotiateToken(microsoft), SpnegoTokenKind::kKerberos);
}

TEST(SpnegoTokenTest, RecognisesNegTokenRespAndLongFormLengths) {
  EXPECT_EQ(classifyNegotiateToken(std::vector<std::uint8_t>{0xa1, 0x81, 0x01, 0x00}),
            SpnegoTokenKind::kSpnegoResponse);
}

TEST(SpnegoTokenTest, RefusesTruncatedOrForeignFraming) {
  const std::vector<std::vector<std::uint8_t>> bad{
      {},
      {0x60},
      {0x60, 0x05, 0x06},                    // length beyond the token
      {0x60, 0x84, 0xff, 0xff, 0xff, 0xff},  // 4 GB claimed
      {0x60, 0x85, 0, 0, 0, 0, 1},           // 5 length bytes
      {0x60, 0x03, 0x06, 0x05, 0x2b},        // OID longer than what is left
      {0x60, 0x03, 0x04, 0x01, 0x00},        // not an OID
      {0xa1, 0x05, 0x00},
      {'N', 'T', 'L', 'M'},
  };
  for (const auto& token : bad) {
    EXPECT_EQ(classifyNegotiateToken(token), SpnegoTokenKind::kOther);
  }
}

}  // namespace
