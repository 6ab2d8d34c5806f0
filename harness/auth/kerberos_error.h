// What a server's KRB-ERROR says (RFC 4120 §5.9.1), read without any key: the error code and its
// name (§7.5.9), the server's time, the realm and service principal it speaks for, and its e-text.
// An acceptor that cannot take an AP-REQ answers with one: MIT's gss_accept_sec_context returns it
// as the output token (TOK_ID 03 00, RFC 4121 §4.1), Windows' Kerberos SSP too, and IIS sends it
// back in the 401's `WWW-Authenticate: Negotiate <token>` (inside SPNEGO's NegTokenResp when the
// browser spoke SPNEGO). It says why Kerberos failed where the browser only shows a prompt.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::auth::kerberos {

struct KrbErrorSummary {
  std::int64_t errorCode = 0;        // 41 = KRB_AP_ERR_MODIFIED
  std::string serverTime;            // stime, KerberosTime "20261207140000Z"
  std::string realm;                 // the service's realm
  std::vector<std::string> service;  // sname's components
  std::string eText;                 // e-text, when the server put one

  // "HTTP/wrongkey.harness.test@HARNESS.TEST": the principal the server speaks for.
  std::string servicePrincipal() const;
  // "KRB_AP_ERR_MODIFIED (41)".
  std::string codeName() const;
  // What the code means for a web site, in words: "the server could not decrypt the ticket ...".
  std::string meaning() const;
  // codeName(), meaning() and e-text in one line for a report.
  std::string describe() const;
};

// The KRB-ERROR in TOKEN: GSS-framed (TOK_ID 03 00) or a bare [APPLICATION 30]; nullopt when TOKEN
// is neither or does not decode.
std::optional<KrbErrorSummary> summarizeKrbError(std::span<const std::uint8_t> token);

// The KRB-ERROR a `WWW-Authenticate: Negotiate <token>` (or Proxy-Authenticate) value carries, raw,
// GSS-framed or as SPNEGO's responseToken; nullopt when it carries none.
std::optional<KrbErrorSummary> krbErrorIn(std::string_view headerValue);

// RFC 4120 §7.5.9's name of CODE ("KRB_AP_ERR_SKEW"); "Kerberos error N" when it has none here.
std::string krbErrorName(std::int64_t code);

}  // namespace authreplay::auth::kerberos
