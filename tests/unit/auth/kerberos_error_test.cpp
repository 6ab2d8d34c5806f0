// The keyless summary of a KRB-ERROR (auth/kerberos_error.h) on the real tokens MIT's acceptor
// (krb5 1.20, inside iis-sim) sent back in the lab's 401s, on every truncation of them, and on
// vectors built field by field for what the lab does not send (e-text, fields out of order).
#include "auth/kerberos_error.h"

#include <gtest/gtest.h>

#include <string>

#include "der_builder.h"

namespace authreplay::auth::kerberos {
namespace {

namespace der = testing::der;

// `WWW-Authenticate` of the lab's 401.1 to a ticket for HTTP/wrongkey.harness.test (the KDC's key
// is not the keytab's at the same kvno): SPNEGO NegTokenResp { reject, responseToken: GSS-framed
// KRB-ERROR } with error-code 31.
constexpr const char* kWrongKey =
    "Negotiate "
    "oYGBMH+gAwoBAqJ4BHZgdAYJKoZIhvcSAQICAwB+ZTBjoAMCAQWhAwIBHqQRGA8yMDI2MTIwNzE0MTEwOVqlBQIDBEWZ"
    "pgMCAR+pDhsMSEFSTkVTUy5URVNUqigwJqADAgEDoR8wHRsESFRUUBsVd3JvbmdrZXkuaGFybmVzcy50ZXN0";
// ... and to one for HTTP/stalekvno.harness.test (the KDC's kvno 3, the keytab's 2): code 44.
constexpr const char* kStaleKvno =
    "Negotiate "
    "oYGDMIGAoAMKAQKieQR3YHUGCSqGSIb3EgECAgMAfmYwZKADAgEFoQMCAR6kERgPMjAyNjEyMDcxNDExMDlapQUCAwRF"
    "mqYDAgEsqQ4bDEhBUk5FU1MuVEVTVKopMCegAwIBA6EgMB4bBEhUVFAbFnN0YWxla3Zuby5oYXJuZXNzLnRlc3Q=";

TEST(KerberosError, ReadsTheLabsKrbErrorForAKeyTheServerDoesNotHold) {
  const auto error = krbErrorIn(kWrongKey);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->errorCode, 31);
  EXPECT_EQ(error->codeName(), "KRB_AP_ERR_BAD_INTEGRITY (31)");
  EXPECT_EQ(error->realm, "HARNESS.TEST");
  EXPECT_EQ(error->service, (std::vector<std::string>{"HTTP", "wrongkey.harness.test"}));
  EXPECT_EQ(error->serverTime, "20261207141109Z");
  EXPECT_NE(error->describe().find("could not decrypt the ticket"), std::string::npos)
      << error->describe();
}

TEST(KerberosError, ReadsTheLabsKrbErrorForAStaleKeyVersion) {
  const auto error = krbErrorIn(kStaleKvno);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->codeName(), "KRB_AP_ERR_BADKEYVER (44)");
  EXPECT_NE(error->meaning().find("password changed"), std::string::npos);
}

// KRB-ERROR { pvno 5, msg-type 30, stime, susec, error-code, realm, sname, FIELDS... }.
der::Bytes krbError(std::int64_t code, const der::Bytes& extra) {
  const auto integer = [](int n, std::uint8_t value) {
    return der::tlv(static_cast<std::uint8_t>(0xa0 + n), der::tlv(0x02, {value}));
  };
  const der::Bytes stime = der::tlv(0xa4, der::tlv(0x18, {'2', '0', '2', '6', '1', '2', '0', '7',
                                                          '1', '0', '0', '0', '0', '0', 'Z'}));
  const der::Bytes realm = der::tlv(0xa9, der::tlv(0x1b, {'R', 'E', 'A', 'L', 'M'}));
  return der::tlv(
      0x7e, der::tlv(0x30, der::cat({integer(0, 5), integer(1, 30), stime, integer(5, 0),
                                     integer(6, static_cast<std::uint8_t>(code)), realm, extra})));
}

TEST(KerberosError, ReadsABareKrbErrorWithItsEText) {
  const std::string text = "Clock skew too great";
  const auto error = summarizeKrbError(
      krbError(37, der::tlv(0xab, der::tlv(0x1b, der::Bytes(text.begin(), text.end())))));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->codeName(), "KRB_AP_ERR_SKEW (37)");
  EXPECT_EQ(error->eText, text);
  EXPECT_EQ(error->realm, "REALM");
  EXPECT_NE(error->describe().find("clocks"), std::string::npos);
  EXPECT_NE(error->describe().find("e-text \"Clock skew too great\""), std::string::npos);
  EXPECT_NE(error->describe().find("the server's clock says 2026-12-07 10:00:00 UTC"),
            std::string::npos)
      << error->describe();
}

TEST(KerberosError, SkipsFieldsItDoesNotReadAndShortensALongEText) {
  const std::string text(5000, 'x');
  const auto error = summarizeKrbError(krbError(
      41, der::cat({der::tlv(0xac, der::tlv(0x04, {1, 2, 3})),  // e-data
                    der::tlv(0xab, der::tlv(0x1b, der::Bytes(text.begin(), text.end())))})));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->codeName(), "KRB_AP_ERR_MODIFIED (41)");
  EXPECT_EQ(error->eText.size(), 200u);
  EXPECT_EQ(krbErrorName(99), "Kerberos error 99");
}

TEST(KerberosError, TruncationsAndOtherTokensGiveNothing) {
  const auto bytes = krbError(31, {});
  for (std::size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(summarizeKrbError(std::span(bytes).first(size))) << size;
  // An AP-REP's tag, a KRB-ERROR without its error-code, and offers without a token.
  EXPECT_FALSE(summarizeKrbError(der::tlv(0x6f, der::tlv(0x30, {}))));
  EXPECT_FALSE(
      summarizeKrbError(der::tlv(0x7e, der::tlv(0x30, der::tlv(0xa0, der::tlv(0x02, {5}))))));
  EXPECT_FALSE(krbErrorIn("Negotiate"));
  EXPECT_FALSE(krbErrorIn("NTLM TlRMTVNTUAACAAAA"));
  EXPECT_FALSE(krbErrorIn("Negotiate !!!"));
}

}  // namespace
}  // namespace authreplay::auth::kerberos
