// legLabel(): the one label the runner prints per leg and scenarios assert ("sent": "NTLM/1").
#include "auth/leg_label.h"

#include <gtest/gtest.h>

#include "auth/base64.h"
#include "der_builder.h"
#include "ms_nlmp_vectors.h"

namespace {

using authreplay::auth::base64Encode;
using authreplay::auth::describeAuthValue;
using authreplay::auth::legLabel;
namespace der = authreplay::testing::der;
namespace nlmp = authreplay::testing::nlmp;
using der::Bytes;

std::string value(const char* scheme, const Bytes& token) {
  return std::string(scheme) + " " + base64Encode(token);
}

TEST(LegLabelTest, NtlmMessagesUnderNtlm) {
  EXPECT_EQ(legLabel(value("NTLM", nlmp::kCurlNegotiate)), "NTLM/1");
  EXPECT_EQ(legLabel(value("NTLM", nlmp::kChallenge)), "NTLM/2");
  EXPECT_EQ(legLabel(value("ntlm", nlmp::kAuthenticate)), "NTLM/3");  // schemes are case-blind
  EXPECT_EQ(legLabel("NTLM TlRMTVNTUAAB"), "NTLM/?");                 // not base64 (length)
  EXPECT_EQ(legLabel(value("NTLM", Bytes{1, 2, 3})), "NTLM/?");
}

TEST(LegLabelTest, NtlmUnderNegotiateRawAndInsideSpnego) {
  const auto raw = describeAuthValue(value("Negotiate", nlmp::kCurlNegotiate));
  EXPECT_EQ(raw.label, "Negotiate(NTLM)/1");
  EXPECT_FALSE(raw.spnego);

  const auto init = describeAuthValue(
      value("Negotiate", der::negTokenInit({der::kNtlmOid}, nlmp::kCurlNegotiate)));
  EXPECT_EQ(init.label, "Negotiate(NTLM)/1");
  EXPECT_TRUE(init.spnego);
  EXPECT_EQ(init.mechTypes, std::vector<std::string>{"NTLM"});

  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenResp(1, der::kNtlmOid, nlmp::kChallenge))),
            "Negotiate(NTLM)/2");
  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenResp(1, {}, nlmp::kAuthenticate))),
            "Negotiate(NTLM)/3");
}

TEST(LegLabelTest, KerberosRawAndInsideSpnego) {
  const Bytes apReq = der::kerberosToken(1, 0x6e);
  const Bytes apRep = der::kerberosToken(2, 0x6f);
  const auto raw = describeAuthValue(value("Negotiate", apReq));
  EXPECT_EQ(raw.label, "Negotiate(Kerberos)/AP-REQ");
  EXPECT_FALSE(raw.spnego);
  const auto wrapped = describeAuthValue(
      value("Negotiate", der::negTokenInit({der::kKerberosOid, der::kNtlmOid}, apReq)));
  EXPECT_EQ(wrapped.label, "Negotiate(Kerberos)/AP-REQ");
  EXPECT_TRUE(wrapped.spnego);
  EXPECT_EQ(wrapped.mechTypes, (std::vector<std::string>{"Kerberos", "NTLM"}));
  EXPECT_EQ(legLabel(value("Negotiate", apRep)), "Negotiate(Kerberos)/AP-REP");
  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenResp(0, der::kKerberosOid, apRep))),
            "Negotiate(Kerberos)/AP-REP");
  EXPECT_EQ(legLabel(value("Negotiate", der::kerberosToken(3, 0x7e))),
            "Negotiate(Kerberos)/KRB-ERROR");
}

TEST(LegLabelTest, SpnegoWithoutInnerToken) {
  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenResp(0, {}, {}, Bytes{1, 2}))),
            "Negotiate(SPNEGO)/accept-completed");
  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenResp(2, {}, {}))), "Negotiate(SPNEGO)/reject");
  EXPECT_EQ(legLabel(value("Negotiate", der::negTokenInit({der::kKerberosOid}, {}))),
            "Negotiate(SPNEGO)/init");
}

TEST(LegLabelTest, OffersBasicAndDamage) {
  EXPECT_EQ(legLabel("Negotiate"), "Negotiate");
  EXPECT_EQ(legLabel("NTLM"), "NTLM");
  EXPECT_EQ(legLabel("Basic realm=\"localhost\""), "Basic");
  const auto basic = describeAuthValue("Basic YWxpY2U6c2VjcmV0");
  EXPECT_EQ(basic.label, "Basic");
  EXPECT_EQ(basic.problem, "");  // and nothing of the credentials anywhere in the description
  EXPECT_EQ(legLabel("Digest realm=\"x\""), "Digest");
  EXPECT_EQ(legLabel(""), "?");
  const auto damaged = describeAuthValue(value("Negotiate", Bytes{0x60, 0x7f, 0x06}));
  EXPECT_EQ(damaged.label, "Negotiate(?)");
  EXPECT_FALSE(damaged.problem.empty());
  Bytes truncated = der::negTokenInit({der::kNtlmOid}, nlmp::kCurlNegotiate);
  truncated.resize(truncated.size() - 1);
  EXPECT_EQ(legLabel(value("Negotiate", truncated)), "Negotiate(?)");
}

}  // namespace
