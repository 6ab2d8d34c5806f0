#include "auth/kerberos_error.h"

#include "auth/der_reader.h"
#include "auth/kerberos_der.h"
#include "auth/kerberos_token.h"
#include "auth/mechanism_token.h"

namespace authreplay::auth::kerberos {
namespace {

constexpr std::uint8_t kApplication30 = 0x7e;  // KRB_ERROR
constexpr std::uint8_t kGssTokIdError = 0x03;  // RFC 4121 §4.1: TOK_ID 03 00

using asn1::context;

// KRB-ERROR ::= [APPLICATION 30] SEQUENCE { pvno [0], msg-type [1], ctime [2] OPTIONAL,
// cusec [3] OPTIONAL, stime [4], susec [5], error-code [6], crealm [7] OPTIONAL, cname [8]
// OPTIONAL, realm [9], sname [10], e-text [11] OPTIONAL, e-data [12] OPTIONAL } (RFC 4120
// §5.9.1). Fields are read in any order and unknown ones skipped: only error-code is required.
std::optional<KrbErrorSummary> krbError(std::span<const std::uint8_t> bytes) {
  der::Reader top(bytes);
  const auto sequence = asn1::inner(top, kApplication30, asn1::kSequence, "KRB-ERROR");
  if (!sequence)
    return std::nullopt;
  auto fields = der::Reader::over(*sequence);
  KrbErrorSummary summary;
  bool haveCode = false;
  while (!fields.atEnd()) {
    const auto field = fields.next("KRB-ERROR field");
    if (!field)
      return std::nullopt;
    auto contents = der::Reader::over(*field);
    const auto value = contents.next("KRB-ERROR field value");
    if (!value)
      return std::nullopt;
    if (field->tag == context(6) && value->tag == asn1::kInteger) {
      const auto code = asn1::integer(*value);
      if (!code)
        return std::nullopt;
      summary.errorCode = *code;
      haveCode = true;
    } else if (field->tag == context(4) && value->tag == asn1::kGeneralizedTime) {
      summary.serverTime = asn1::text(*value);
    } else if (field->tag == context(9) && value->tag == asn1::kGeneralString) {
      summary.realm = asn1::text(*value);
    } else if (field->tag == context(10) && value->tag == asn1::kSequence) {
      if (const auto sname = asn1::principalName(*value))
        summary.service = sname->components;
    } else if (field->tag == context(11) && value->tag == asn1::kGeneralString) {
      // e-text is free text from the peer: kept short for a one-line report.
      constexpr std::size_t kMaxText = 200;
      summary.eText = asn1::text(*value).substr(0, kMaxText);
    }
  }
  if (!haveCode)
    return std::nullopt;
  return summary;
}

}  // namespace

std::string krbErrorName(std::int64_t code) {
  // RFC 4120 §7.5.9 (the codes an HTTP server's acceptor or a browser's KDC exchange meets).
  switch (code) {
    case 6:
      return "KDC_ERR_C_PRINCIPAL_UNKNOWN";
    case 7:
      return "KDC_ERR_S_PRINCIPAL_UNKNOWN";
    case 14:
      return "KDC_ERR_ETYPE_NOSUPP";
    case 24:
      return "KDC_ERR_PREAUTH_FAILED";
    case 31:
      return "KRB_AP_ERR_BAD_INTEGRITY";
    case 32:
      return "KRB_AP_ERR_TKT_EXPIRED";
    case 33:
      return "KRB_AP_ERR_TKT_NYV";
    case 34:
      return "KRB_AP_ERR_REPEAT";
    case 35:
      return "KRB_AP_ERR_NOT_US";
    case 36:
      return "KRB_AP_ERR_BADMATCH";
    case 37:
      return "KRB_AP_ERR_SKEW";
    case 38:
      return "KRB_AP_ERR_BADADDR";
    case 39:
      return "KRB_AP_ERR_BADVERSION";
    case 40:
      return "KRB_AP_ERR_MSG_TYPE";
    case 41:
      return "KRB_AP_ERR_MODIFIED";
    case 44:
      return "KRB_AP_ERR_BADKEYVER";
    case 45:
      return "KRB_AP_ERR_NOKEY";
    case 46:
      return "KRB_AP_ERR_MUT_FAIL";
    case 50:
      return "KRB_AP_ERR_INAPP_CKSUM";
    case 60:
      return "KRB_ERR_GENERIC";
    case 68:
      return "KDC_ERR_WRONG_REALM";
    default:
      return "Kerberos error " + std::to_string(code);
  }
}

std::string KrbErrorSummary::servicePrincipal() const {
  return asn1::joinPrincipal(service, realm);
}

std::string KrbErrorSummary::codeName() const {
  return krbErrorName(errorCode) + " (" + std::to_string(errorCode) + ")";
}

std::string KrbErrorSummary::meaning() const {
  switch (errorCode) {
    case 31:  // MIT's acceptor says this where Windows says KRB_AP_ERR_MODIFIED (41)
      return "the server could not decrypt the ticket (Windows reports this as "
             "KRB_AP_ERR_MODIFIED): the KDC encrypted it with another key than the server holds "
             "(the SPN is registered on another account, a duplicate SPN, or "
             "useAppPoolCredentials differs from the account the SPN is on)";
    case 41:
      return "the server could not decrypt the ticket: the KDC encrypted it with another key "
             "than the server holds (the SPN is registered on another account, a duplicate SPN, "
             "or useAppPoolCredentials differs from the account the SPN is on)";
    case 44:
    case 45:
      return "the server has no key of the ticket's version: the service account's password "
             "changed and the server (keytab, application pool) did not follow";
    case 37:
      return "the clocks of client and server differ by more than the tolerance (5 minutes by "
             "default)";
    case 32:
      return "the ticket expired";
    case 34:
      return "the server saw this authenticator before (replay)";
    case 35:
      return "the ticket is not for this server";
    default:
      return {};
  }
}

std::string KrbErrorSummary::describe() const {
  std::string out = "the server answered " + codeName();
  if (const auto why = meaning(); !why.empty())
    out += ": " + why;
  // KerberosTime is "YYYYMMDDHHMMSSZ" (RFC 4120 §5.2.3); with skew, the server's clock is the news.
  if (errorCode == 37 && serverTime.size() == 15 && serverTime.back() == 'Z') {
    out += "; the server's clock says " + serverTime.substr(0, 4) + "-" + serverTime.substr(4, 2) +
           "-" + serverTime.substr(6, 2) + " " + serverTime.substr(8, 2) + ":" +
           serverTime.substr(10, 2) + ":" + serverTime.substr(12, 2) + " UTC";
  }
  if (!eText.empty())
    out += " (e-text \"" + eText + "\")";
  return out;
}

std::optional<KrbErrorSummary> summarizeKrbError(std::span<const std::uint8_t> token) {
  if (!token.empty() && token[0] == kApplication30)
    return krbError(token);
  const auto framed = unframe(token);
  if (!framed || framed->tokId != kGssTokIdError)
    return std::nullopt;
  return krbError(framed->message);
}

std::optional<KrbErrorSummary> krbErrorIn(std::string_view headerValue) {
  const auto token = mechanismTokenIn(headerValue);
  return token ? summarizeKrbError(*token) : std::nullopt;
}

}  // namespace authreplay::auth::kerberos
