// The SPNEGO codec (RFC 4178 §4.2, MS-SPNG 2.2) and the Kerberos token recogniser (RFC 4121
// §4.1) on fixed vectors: a real MIT-krb5 NegTokenInit, hand-built tokens, and every truncation,
// overlong length and random damage of them (never a crash, never an out-of-bounds read; run
// under the asan preset too).
#include <gtest/gtest.h>

#include <random>

#include "auth/kerberos_token.h"
#include "auth/mech_oid.h"
#include "auth/spnego_token.h"
#include "der_builder.h"
#include "ms_nlmp_vectors.h"

namespace {

namespace spnego = authreplay::auth::spnego;
namespace kerberos = authreplay::auth::kerberos;
namespace oid = authreplay::auth::oid;
namespace der = authreplay::testing::der;
using authreplay::auth::DecodeError;
using der::Bytes;

// MIT krb5 1.20's SPNEGO initiator with gss-ntlmssp only (no Kerberos ticket): NegTokenInit with
// mechTypes [NTLMSSP] and gss-ntlmssp's 40-byte Type 1 as the optimistic mechToken.
const Bytes kMitNtlmNegTokenInit{
    0x60, 0x48, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x3e, 0x30, 0x3c, 0xa0,
    0x0e, 0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a,
    0xa2, 0x2a, 0x04, 0x28, 0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x17, 0x82, 0x08, 0xe2, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f};

const Bytes& curlType1() {
  return authreplay::testing::nlmp::kCurlNegotiate;
}

TEST(SpnegoCodecTest, DecodesMitNegTokenInitWithNtlmMechToken) {
  const auto decoded = spnego::decodeNegTokenInit(kMitNtlmNegTokenInit);
  ASSERT_TRUE(std::holds_alternative<spnego::NegTokenInit>(decoded))
      << std::get<DecodeError>(decoded).message;
  const auto& init = std::get<spnego::NegTokenInit>(decoded);
  ASSERT_EQ(init.mechTypes.size(), 1u);
  EXPECT_EQ(oid::mechanismName(init.mechTypes[0]), "NTLM");
  ASSERT_TRUE(init.mechToken);
  EXPECT_EQ(init.mechToken->size(), 40u);
  EXPECT_EQ(init.mechToken->at(8), 1);  // NTLMSSP Type 1
  EXPECT_FALSE(init.hasMechListMic);
}

TEST(SpnegoCodecTest, DecodesWindowsStyleMechListInOrder) {
  // Windows' Negotiate package lists MS-KRB5, KRB5, NEGOEX, NTLMSSP.
  const Bytes negoex{0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x1e};
  const Bytes token = der::negTokenInit(
      {der::kKerberosMsOid, der::kKerberosOid, negoex, der::kNtlmOid}, der::kerberosToken(1, 0x6e));
  const auto decoded = spnego::decodeNegTokenInit(token);
  ASSERT_TRUE(std::holds_alternative<spnego::NegTokenInit>(decoded))
      << std::get<DecodeError>(decoded).message;
  const auto& init = std::get<spnego::NegTokenInit>(decoded);
  std::vector<std::string> names;
  for (const auto& mech : init.mechTypes) {
    names.push_back(oid::mechanismName(mech));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Kerberos(MS)", "Kerberos", "NEGOEX", "NTLM"}));
  ASSERT_TRUE(init.mechToken);
  const auto inner = kerberos::recognise(*init.mechToken);
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->type, kerberos::MessageType::kApReq);
}

TEST(SpnegoCodecTest, DecodesNegTokenRespFields) {
  const Bytes challenge = authreplay::testing::nlmp::kChallenge;
  const auto decoded =
      spnego::decodeNegTokenResp(der::negTokenResp(1, der::kNtlmOid, challenge, Bytes{1, 2, 3}));
  ASSERT_TRUE(std::holds_alternative<spnego::NegTokenResp>(decoded))
      << std::get<DecodeError>(decoded).message;
  const auto& resp = std::get<spnego::NegTokenResp>(decoded);
  EXPECT_EQ(resp.negState, spnego::NegState::kAcceptIncomplete);
  ASSERT_TRUE(resp.supportedMech);
  EXPECT_EQ(oid::mechanismName(*resp.supportedMech), "NTLM");
  EXPECT_EQ(resp.responseToken, challenge);
  EXPECT_TRUE(resp.hasMechListMic);

  // The acceptor's last word after NTLM: accept-completed, nothing else.
  const auto done = spnego::decodeNegTokenResp(der::negTokenResp(0, {}, {}));
  ASSERT_TRUE(std::holds_alternative<spnego::NegTokenResp>(done));
  EXPECT_EQ(std::get<spnego::NegTokenResp>(done).negState, spnego::NegState::kAcceptCompleted);
  EXPECT_FALSE(std::get<spnego::NegTokenResp>(done).responseToken);
  EXPECT_EQ(spnego::negStateName(spnego::NegState::kRequestMic), "request-mic");
}

TEST(SpnegoCodecTest, LongFormLengthsAreRead) {
  // A 300-byte mechToken forces two-octet lengths at three levels.
  const Bytes token = der::negTokenInit({der::kNtlmOid}, Bytes(300, 0xab));
  EXPECT_EQ(token[1], 0x82);
  const auto decoded = spnego::decodeNegTokenInit(token);
  ASSERT_TRUE(std::holds_alternative<spnego::NegTokenInit>(decoded))
      << std::get<DecodeError>(decoded).message;
  EXPECT_EQ(std::get<spnego::NegTokenInit>(decoded).mechToken->size(), 300u);
}

TEST(SpnegoCodecTest, ErrorsNameTheFieldAndByte) {
  Bytes token = kMitNtlmNegTokenInit;
  token[33] = 0x7f;  // mechToken's OCTET STRING claims 127 bytes; 40 remain
  const auto decoded = spnego::decodeNegTokenInit(token);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(decoded));
  EXPECT_EQ(std::get<DecodeError>(decoded).message,
            "NegTokenInit.mechToken: length 127 runs past the end at byte 32 (42 bytes left)");
}

TEST(SpnegoCodecTest, RefusesWrongFramingAndOverlongLengths) {
  const std::vector<Bytes> bad{
      {},
      {0x60},
      {0x60, 0x80, 0x00, 0x00},                           // indefinite length (BER, not DER)
      {0x60, 0x84, 0xff, 0xff, 0xff, 0xff},               // 4 GB claimed
      {0x60, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01},         // five length octets
      der::tlv(0x60, der::tlv(0x06, der::kKerberosOid)),  // krb5, not SPNEGO
      der::tlv(0x60, der::tlv(0x06, der::kSpnegoOid)),    // no NegTokenInit
      der::cat({kMitNtlmNegTokenInit, Bytes{0x00}}),      // trailing byte
      der::tlv(0x60,
               der::cat({der::tlv(0x06, der::kSpnegoOid),  // empty mechTypes
                         der::tlv(0xa0, der::tlv(0x30, der::tlv(0xa0, der::tlv(0x30, {}))))})),
      curlType1(),
  };
  for (const Bytes& token : bad) {
    EXPECT_TRUE(std::holds_alternative<DecodeError>(spnego::decodeNegTokenInit(token)))
        << "accepted " << token.size() << " bytes";
    EXPECT_TRUE(std::holds_alternative<DecodeError>(spnego::decodeNegTokenResp(token)));
  }
  const std::vector<Bytes> badResp{
      {0xa1, 0x05, 0x30},
      der::tlv(0xa1, der::tlv(0x30, der::tlv(0xa0, der::tlv(0x0a, {9})))),  // negState 9
      der::tlv(0xa1, der::tlv(0x30, der::tlv(0xa5, {}))),                   // unknown field
      der::tlv(0xa1, der::tlv(0x30, der::cat({der::tlv(0xa2, der::tlv(0x04, {1})),
                                              der::tlv(0xa0, der::tlv(0x0a, {0}))}))),  // order
  };
  for (const Bytes& token : badResp) {
    EXPECT_TRUE(std::holds_alternative<DecodeError>(spnego::decodeNegTokenResp(token)));
  }
}

// Every prefix of a valid token is refused, and decoding it reads nothing beyond it (ASan).
TEST(SpnegoCodecTest, EveryTruncationIsAnError) {
  const Bytes resp = der::negTokenResp(1, der::kNtlmOid, authreplay::testing::nlmp::kChallenge);
  for (std::size_t n = 0; n < kMitNtlmNegTokenInit.size(); ++n) {
    const Bytes cut(kMitNtlmNegTokenInit.begin(), kMitNtlmNegTokenInit.begin() + n);
    EXPECT_TRUE(std::holds_alternative<DecodeError>(spnego::decodeNegTokenInit(cut))) << n;
  }
  for (std::size_t n = 0; n < resp.size(); ++n) {
    const Bytes cut(resp.begin(), resp.begin() + n);
    EXPECT_TRUE(std::holds_alternative<DecodeError>(spnego::decodeNegTokenResp(cut))) << n;
    EXPECT_FALSE(kerberos::recognise(cut)) << n;
  }
}

// Seeded, so a failure reproduces: random byte changes never crash any decoder.
TEST(SpnegoCodecTest, RandomDamageNeverCrashes) {
  std::mt19937 random(20261121);
  const std::vector<Bytes> seeds{
      kMitNtlmNegTokenInit,
      der::negTokenInit({der::kKerberosOid, der::kNtlmOid}, der::kerberosToken(1, 0x6e)),
      der::negTokenResp(0, der::kKerberosOid, der::kerberosToken(2, 0x6f), Bytes(16, 7)),
      der::kerberosToken(1, 0x6e)};
  int decoded = 0;
  for (int round = 0; round < 4000; ++round) {
    Bytes token = seeds[round % seeds.size()];
    const int changes = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < changes; ++i) {
      token[random() % token.size()] = static_cast<std::uint8_t>(random());
    }
    decoded += std::holds_alternative<spnego::NegTokenInit>(spnego::decodeNegTokenInit(token));
    decoded += std::holds_alternative<spnego::NegTokenResp>(spnego::decodeNegTokenResp(token));
    decoded += kerberos::recognise(token).has_value();
    (void)authreplay::auth::classifyNegotiateToken(token);
  }
  // Damage inside an opaque inner token still decodes: the decoders are not all-refusing.
  EXPECT_GT(decoded, 0);
}

TEST(KerberosTokenTest, RecognisesApReqApRepAndKrbError) {
  const auto req = kerberos::recognise(der::kerberosToken(1, 0x6e));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->type, kerberos::MessageType::kApReq);
  EXPECT_FALSE(req->microsoftOid);
  const auto rep = kerberos::recognise(der::kerberosToken(2, 0x6f, der::kKerberosMsOid));
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->type, kerberos::MessageType::kApRep);
  EXPECT_TRUE(rep->microsoftOid);
  const auto error = kerberos::recognise(der::kerberosToken(3, 0x7e));
  ASSERT_TRUE(error);
  EXPECT_EQ(kerberos::messageName(error->type), "KRB-ERROR");
  // An unframed AP-REP (RFC 4121 §4.1 permits it after the initial token).
  const auto bare = kerberos::recognise(der::tlv(0x6f, der::tlv(0x30, {0x02, 0x01, 0x05})));
  ASSERT_TRUE(bare);
  EXPECT_FALSE(bare->framed);
}

TEST(KerberosTokenTest, RefusesMismatchedTokIdAndForeignMechs) {
  EXPECT_FALSE(kerberos::recognise(der::kerberosToken(1, 0x6f)));  // TOK_ID says AP-REQ
  EXPECT_FALSE(kerberos::recognise(der::kerberosToken(4, 0x6e)));  // unknown TOK_ID
  EXPECT_FALSE(kerberos::recognise(der::kerberosToken(1, 0x6e, der::kNtlmOid)));
  EXPECT_FALSE(kerberos::recognise(kMitNtlmNegTokenInit));
  EXPECT_FALSE(kerberos::recognise(curlType1()));
}

TEST(MechOidTest, NamesKnownMechanismsAndDotsTheRest) {
  EXPECT_EQ(oid::mechanismName(der::kSpnegoOid), "SPNEGO");
  EXPECT_EQ(oid::mechanismName(Bytes{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d}), "1.2.840.113549");
  EXPECT_EQ(oid::mechanismName(Bytes{0x2a, 0x86}), "?");  // subidentifier cut off
}

}  // namespace
