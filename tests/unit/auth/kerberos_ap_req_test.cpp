// The keyless summary of a Kerberos AP-REQ (auth/kerberos_ap_req.h) on a real token: the
// Negotiate token curl 7.88 (MIT GSSAPI) sent to the lab's iis-sim for HTTP/localhost in the
// throw-away realm HARNESS.TEST (its keys died with that lab), and on every truncation of it.
#include "auth/kerberos_ap_req.h"

#include <gtest/gtest.h>

#include <variant>

#include "auth/base64.h"
#include "auth/spnego_token.h"

namespace authreplay::auth::kerberos {
namespace {

// SPNEGO NegTokenInit { mechTypes (Kerberos, MS Kerberos, NEGOEX), mechToken: the AP-REQ }.
constexpr const char* kCurlNegotiateToken =
    "YIIDBAYGKwYBBQUCoIIC+DCCAvSgGTAXBgkqhkiG9xIBAgIGCisGAQQBgjcCAgqiggLVBIIC0WCCAs0GCSqGSIb3Eg"
    "ECAgEAboICvDCCArigAwIBBaEDAgEOogcDBQAgAAAAo4IBz2GCAcswggHHoAMCAQWhDhsMSEFSTkVTUy5URVNUohww"
    "GqADAgEDoRMwERsESFRUUBsJbG9jYWxob3N0o4IBkDCCAYygAwIBEqEDAgECooIBfgSCAXqI8yJZ6U4G/FHRWOXe++"
    "hsrLQZiOyxQruLCDQu49MdW/6PMKsjPwReUtkN86X+27dGFWXTmH1IV+eIIsfxNqKNLefRXL6gw0svzpnf6yS7xIE0"
    "IE3qohKqQtlfAbmTFTr8LgZ02yn6NdV3cxap2r0S/6jHWEttJHcJlPxUuaK/zDVAljvbTDt68l/P2xecg7ENGmGB0c"
    "yyTroUUC3E+BUX2UYLO7CWwmh6cm5CYwmhQ9MoJdeyUmTns3hzkVDJfi94h8/38oua2/61VhYvX3A3VYFphi87HQZO"
    "ctOEj5Zp8aI5g+gaQBOSgp1z74FhCJr/YgZPhp3+De1plZFlfg8ZRKgUTfysevLTtj+LoCu8aBmvWUeAdOy3Hg20b2"
    "Lf7VvwVMVp8SKA8HyIlJRv7pVDjt6lx53yBHga01K3ahDg3mlhfdg0+Ouol6c06Y/D4IOQG+auYnNsfms6S6fNpW57"
    "uVjEAxvFuy4qj1NE/kJrwyAM979tNurrdj2kgc8wgcygAwIBEqKBxASBwVRZai1qhlu9hVwVMPIznPT/0GHuZPg32G"
    "19h+7UAWtiYunlwKBxK1c4SdQUimp14UFjdwB9OY+jCpmGFcP+q6we2KOkLSYCfrp0H61AaYe0ZlkNcV5eWjmq4xc+"
    "uvcAPBpm2t04vsyPIczuOk89npomXu+835WFSFx66WgCWvPLNVcVmdT050WX5/ReN37IBYaGDacRF+EHjEzkRolTBc"
    "3wl6zGQFkvLKATbMVoKyWa7YNyUoE3SKoRkP2hOnnCMJo=";

std::vector<std::uint8_t> apReqToken() {
  const auto negotiate = base64Decode(kCurlNegotiateToken);
  EXPECT_TRUE(negotiate.has_value());
  const auto init = spnego::decodeNegTokenInit(*negotiate);
  EXPECT_TRUE(std::holds_alternative<spnego::NegTokenInit>(init));
  return *std::get<spnego::NegTokenInit>(init).mechToken;
}

TEST(KerberosApReq, SummarizesTheTicketOfARealApReq) {
  const auto summary = summarizeApReq(apReqToken());
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->realm, "HARNESS.TEST");
  EXPECT_EQ(summary->service, (std::vector<std::string>{"HTTP", "localhost"}));
  EXPECT_EQ(summary->spn(), "HTTP/localhost@HARNESS.TEST");
  EXPECT_EQ(summary->nameType, 3);  // NT-SRV-HST: gss_import_name of HTTP@localhost
  EXPECT_EQ(summary->ticketEtype, 18);
  EXPECT_EQ(etypeName(summary->ticketEtype), "aes256-cts-hmac-sha1-96");
  ASSERT_TRUE(summary->kvno.has_value());
  EXPECT_GE(*summary->kvno, 1);
  EXPECT_EQ(summary->authenticatorEtype, 18);
  EXPECT_TRUE(summary->mutualRequired);  // curl --negotiate asks GSS_C_MUTUAL_FLAG
}

TEST(KerberosApReq, TruncationsAndOtherTokensGiveNothing) {
  const auto token = apReqToken();
  for (std::size_t size = 0; size < token.size(); ++size)
    EXPECT_FALSE(summarizeApReq(std::span(token).first(size))) << size;
  const auto negotiate = base64Decode(kCurlNegotiateToken);
  EXPECT_FALSE(summarizeApReq(*negotiate)) << "SPNEGO is not a Kerberos token";
  EXPECT_EQ(etypeName(23), "rc4-hmac");
  EXPECT_EQ(etypeName(-128), "etype -128");
}

}  // namespace
}  // namespace authreplay::auth::kerberos
