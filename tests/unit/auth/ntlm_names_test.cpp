// Names of NTLM's numbers (auth/ntlm_names.h) and the NTLM message inside an authentication
// header (auth/ntlm_in_header.h), on MS-NLMP 4.2.4's fixed messages.
#include "auth/ntlm_names.h"

#include <gtest/gtest.h>

#include "auth/base64.h"
#include "auth/mech_oid.h"
#include "auth/ntlm_in_header.h"
#include "auth/spnego_token.h"
#include "ms_nlmp_vectors.h"

namespace authreplay::auth::ntlm {
namespace {

namespace nlmp = authreplay::testing::nlmp;

// MS-NLMP 4.2.4.3: the CHALLENGE_MESSAGE's flags 0xe28a8233, bit by bit (2.2.2.5's names).
TEST(NtlmNames, NamesTheChallengeFlagsOfMsNlmp424) {
  EXPECT_EQ(negotiateFlagNames(0xe28a8233),
            (std::vector<std::string>{
                "NTLMSSP_NEGOTIATE_UNICODE", "NTLM_NEGOTIATE_OEM", "NTLMSSP_NEGOTIATE_SIGN",
                "NTLMSSP_NEGOTIATE_SEAL", "NTLMSSP_NEGOTIATE_NTLM", "NTLMSSP_NEGOTIATE_ALWAYS_SIGN",
                "NTLMSSP_TARGET_TYPE_SERVER", "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",
                "NTLMSSP_NEGOTIATE_TARGET_INFO", "NTLMSSP_NEGOTIATE_VERSION",
                "NTLMSSP_NEGOTIATE_128", "NTLMSSP_NEGOTIATE_KEY_EXCH", "NTLMSSP_NEGOTIATE_56"}));
  EXPECT_EQ(negotiateFlagNames(0x00000808),
            (std::vector<std::string>{"reserved 0x00000008", "NTLMSSP_NEGOTIATE_ANONYMOUS"}));
  EXPECT_TRUE(negotiateFlagNames(0).empty());
}

TEST(NtlmNames, NamesAvIdsAndRendersTheirValues) {
  EXPECT_EQ(avIdName(2), "MsvAvNbDomainName");
  EXPECT_EQ(avIdName(10), "MsvAvChannelBindings");
  EXPECT_EQ(avIdName(42), "AvId 42");
  // UTF-16LE "Server" (MS-NLMP 4.2.4.3's MsvAvNbComputerName).
  EXPECT_EQ(avPairText({1, {'S', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0}}), "Server");
  EXPECT_EQ(avPairText({6, {0x02, 0, 0, 0}}), "0x00000002 (MIC present)");
  EXPECT_EQ(avPairText({6, {0x0a, 0, 0, 0}}), "0x0000000a (MIC present, unknown 0x00000008)");
  // FILETIME 0x01d9f1c1c3d4e5f6 (little-endian on the wire): 100 ns units since 1601.
  EXPECT_EQ(avPairText({7, {0xf6, 0xe5, 0xd4, 0xc3, 0xc1, 0xf1, 0xd9, 0x01}}),
            "2023-09-28T04:10:50.0632054Z");
  EXPECT_EQ(avPairText({10, {0xde, 0xad, 0xbe, 0xef}}), "deadbeef");
  EXPECT_EQ(avPairText({6, {0x02, 0}}), "0200");  // a length that does not fit: hex
  EXPECT_EQ(avPairText({1, {'S'}}), "53");        // odd UTF-16: hex
}

TEST(NtlmInHeader, FindsTheMessageUnderNtlmRawNegotiateAndSpnego) {
  const auto challenge = base64Encode(nlmp::kChallenge);
  EXPECT_EQ(ntlmMessageIn("NTLM " + challenge), nlmp::kChallenge);
  EXPECT_EQ(ntlmMessageIn("Negotiate " + challenge), nlmp::kChallenge);  // IE without Kerberos
  const spnego::Oid ntlmOid(oid::kNtlmssp.begin(), oid::kNtlmssp.end());
  const auto init = spnego::encodeNegTokenInit({ntlmOid}, nlmp::kCurlNegotiate);
  EXPECT_EQ(ntlmMessageIn("Negotiate " + base64Encode(init)), nlmp::kCurlNegotiate);
  const auto resp = spnego::encodeNegTokenResp(spnego::NegState::kAcceptIncomplete, ntlmOid,
                                               nlmp::kChallenge, std::nullopt);
  EXPECT_EQ(ntlmMessageIn("Negotiate " + base64Encode(resp)), nlmp::kChallenge);
}

TEST(NtlmInHeader, FindsNothingWhereThereIsNoNtlmMessage) {
  EXPECT_EQ(ntlmMessageIn("Basic YWxpY2U6czNjcmV0"), std::nullopt);  // never decoded
  EXPECT_EQ(ntlmMessageIn("NTLM"), std::nullopt);                    // a bare offer
  EXPECT_EQ(ntlmMessageIn("Negotiate"), std::nullopt);
  EXPECT_EQ(ntlmMessageIn("NTLM not-base64!"), std::nullopt);
  EXPECT_EQ(ntlmMessageIn("NTLM " + base64Encode(std::vector<std::uint8_t>{1, 2, 3})),
            std::nullopt);
  const spnego::Oid kerberosOid(oid::kKerberos.begin(), oid::kKerberos.end());
  const std::vector<std::uint8_t> notNtlm{0x6e, 0x00};
  const auto init = spnego::encodeNegTokenInit({kerberosOid}, notNtlm);
  EXPECT_EQ(ntlmMessageIn("Negotiate " + base64Encode(init)), std::nullopt);
}

}  // namespace
}  // namespace authreplay::auth::ntlm
