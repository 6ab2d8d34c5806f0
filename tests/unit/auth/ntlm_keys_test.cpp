// The project's NTLM computations against the known answers of MS-NLMP 4.2 (common values in
// 4.2.1: user "User", domain "Domain", password "Password", server challenge 0123456789abcdef,
// client challenge aa*8, RandomSessionKey 55*16, time 0) and the channel binding example of
// "NTLM and Channel Binding Hash" (Microsoft Open Specifications blog, 2013-03-26).
#include "auth/ntlm/ntlm_keys.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/ntlm/ntlm_acceptor.h"
#include "auth/ntlm/ntlm_session_security.h"
#include "ms_nlmp_vectors.h"
#include "text/ascii.h"

namespace authreplay::auth::ntlm {
namespace {

const Challenge8 kServerChallenge{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
const Challenge8 kClientChallenge{0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa};

TEST(NtlmKeys, NtowfV1IsTheNtHash) {  // MS-NLMP 4.2.2.1.2
  EXPECT_EQ(text::hexEncode(ntowfV1("Password")), "a4f49c406510bdcab6824ee7c30fd852");
}

TEST(NtlmKeys, NtlmV1ResponseAndSessionBaseKey) {  // MS-NLMP 4.2.2.2.1, 4.2.2.1.3
  const Digest16 nt = ntowfV1("Password");
  EXPECT_EQ(text::hexEncode(ntlmV1Response(nt, kServerChallenge)),
            "67c43011f30298a2ad35ece64f16331c44bdbed927841f94");
  EXPECT_EQ(text::hexEncode(sessionBaseKeyV1(nt)), "d87262b0cde4b1cb7499becccdf10784");
}

TEST(NtlmKeys, NtlmV1WithExtendedSessionSecurity) {  // MS-NLMP 4.2.3.2.2, 4.2.3.1.2
  const Digest16 nt = ntowfV1("Password");
  EXPECT_EQ(text::hexEncode(ntlmV1EssResponse(nt, kServerChallenge, kClientChallenge)),
            "7537f803ae367128ca458204bde7caf81e97ed2683267232");
  std::array<std::uint8_t, 8> lmPrefix{};
  lmPrefix.fill(0xaa);
  EXPECT_EQ(text::hexEncode(keyExchangeKeyV1Ess(sessionBaseKeyV1(nt), kServerChallenge, lmPrefix)),
            "eb93429a8bd952f8b89c55b87f475edc");
}

TEST(NtlmKeys, NtowfV2UppercasesTheUserNotTheDomain) {  // MS-NLMP 4.2.4.1.1
  const Digest16 nt = ntowfV1("Password");
  EXPECT_EQ(text::hexEncode(ntowfV2(nt, "User", "Domain")), "0c868a403bfd7a93a3001ef22ef02e3f");
  EXPECT_EQ(text::hexEncode(ntowfV2(nt, "user", "Domain")), "0c868a403bfd7a93a3001ef22ef02e3f");
  EXPECT_NE(text::hexEncode(ntowfV2(nt, "User", "DOMAIN")), "0c868a403bfd7a93a3001ef22ef02e3f");
}

TEST(NtlmKeys, NtlmV2ProofSessionKeyAndLmV2) {  // MS-NLMP 4.2.4.1.2, 4.2.4.2.1, 4.2.4.2.2
  const Digest16 key = ntowfV2(ntowfV1("Password"), "User", "Domain");
  // The server's target info of 4.2.4 (NbDomainName "Domain", NbComputerName "Server", EOL).
  const Bytes targetInfo{0x02, 0x00, 0x0c, 0x00, 'D',  0,    'o',  0,    'm',  0,    'a',  0,
                         'i',  0,    'n',  0,    0x01, 0x00, 0x0c, 0x00, 'S',  0,    'e',  0,
                         'r',  0,    'v',  0,    'e',  0,    'r',  0,    0x00, 0x00, 0x00, 0x00};
  const Bytes blob = ntlmV2ClientBlob(0, kClientChallenge, targetInfo);
  const Digest16 proof = ntProofStr(key, kServerChallenge, blob);
  EXPECT_EQ(text::hexEncode(proof), "68cd0ab851e51c96aabc927bebef6a1c");
  EXPECT_EQ(text::hexEncode(sessionBaseKeyV2(key, proof)), "8de40ccadbc14a82f15cb0ad0de95ca3");
  EXPECT_EQ(text::hexEncode(lmV2Response(key, kServerChallenge, kClientChallenge)),
            "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  // 4.2.4.2.3: EncryptedSessionKey = RC4K(SessionBaseKey, RandomSessionKey 55*16).
  const Bytes random(16, 0x55);
  EXPECT_EQ(text::hexEncode(crypto::rc4k(sessionBaseKeyV2(key, proof), random)),
            "c5dad2544fc9799094ce1ce90bc9d03e");
}

TEST(NtlmKeys, SigningAndSealingKeys) {  // MS-NLMP 4.2.4.4 (ExportedSessionKey 55*16, 128-bit)
  Digest16 exported{};
  exported.fill(0x55);
  EXPECT_EQ(text::hexEncode(signKey(exported, Direction::kClientToServer)),
            "4788dc861b4782f35d43fd98fe1a2d39");
  EXPECT_EQ(text::hexEncode(sealKey(exported, 0xe28a8233u, Direction::kClientToServer)),
            "59f600973cc4960a25480a7c196e4c58");
}

TEST(NtlmKeys, ChannelBindingsHash) {  // Open Specifications blog 2013-03-26
  std::string data = "tls-server-end-point:";
  const std::uint8_t certHash[] = {0xea, 0x05, 0xfe, 0xfe, 0xcc, 0x6b, 0x0b, 0xd5, 0x71, 0xdb, 0xbc,
                                   0x5b, 0xaa, 0x3e, 0xd4, 0x53, 0x86, 0xd0, 0x44, 0x68, 0x35, 0xf7,
                                   0xb7, 0x4c, 0x85, 0x62, 0x1b, 0x99, 0x83, 0x47, 0x5f, 0x95};
  Bytes application(data.begin(), data.end());
  application.insert(application.end(), std::begin(certHash), std::end(certHash));
  EXPECT_EQ(text::hexEncode(channelBindingsHash(application)), "6586e99d81c2fc984e47172fd4dd0310");
}

TEST(NtlmKeys, SignaturesVerifyAcrossRolesAndSequence) {
  Digest16 exported{};
  exported.fill(0x31);
  for (const std::uint32_t negotiated : {0xe2888215u, 0x00088205u}) {  // with and without KEY_EXCH
    SessionSecurity client(exported, negotiated, SessionSecurity::Role::kClient);
    SessionSecurity server(exported, negotiated, SessionSecurity::Role::kServer);
    const Bytes first{1, 2, 3};
    const Bytes second{4, 5, 6};
    const auto s1 = client.sign(first);
    const auto s2 = client.sign(second);
    EXPECT_EQ(s1[0], 1);
    EXPECT_EQ(s2[12], 1) << "sequence number 1";
    EXPECT_TRUE(server.verify(first, s1));
    EXPECT_FALSE(server.verify(first, s2)) << "signature of the wrong message and sequence";
    const auto back = server.sign(first);
    EXPECT_TRUE(client.verify(first, back));
  }
}

// The whole 4.2.4.3 AUTHENTICATE_MESSAGE verified by the acceptor against the 4.2.4 challenge.
TEST(NtlmKeys, AcceptorVerifiesTheSpecAuthenticateMessage) {
  auto config = std::make_shared<AcceptorConfig>();
  config->lookup = [](std::string_view domain, std::string_view user) -> std::optional<Account> {
    if (domain == "Domain" && user == "User") {
      return Account{"Domain", "User", ntowfV1("Password")};
    }
    return std::nullopt;
  };
  config->random = [](std::span<std::uint8_t> out) {
    std::copy(kServerChallenge.begin(), kServerChallenge.end(), out.begin());
  };
  NtlmAcceptor acceptor(config);
  // Any Type 1 with NTLM; the spec's Type 3 has no MIC, so our Type 2's bytes do not matter.
  const Bytes type1 = testing::nlmp::kCurlNegotiate;
  ASSERT_TRUE(std::holds_alternative<Bytes>(acceptor.challenge(type1)));
  auto result = acceptor.authenticate(testing::nlmp::kAuthenticate);
  ASSERT_TRUE(std::holds_alternative<AcceptedLogon>(result))
      << std::get<AcceptFailure>(result).reason;
  const auto& logon = std::get<AcceptedLogon>(result);
  EXPECT_EQ(logon.account.user, "User");
  EXPECT_EQ(logon.workstation, "COMPUTER");
  EXPECT_TRUE(logon.ntlmV2);
  EXPECT_FALSE(logon.micVerified);
  EXPECT_EQ(text::hexEncode(logon.exportedSessionKey), "55555555555555555555555555555555");
}

}  // namespace
}  // namespace authreplay::auth::ntlm
