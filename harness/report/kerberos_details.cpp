#include "report/kerberos_details.h"

#include "auth/kerberos_ap_req.h"
#include "auth/kerberos_error.h"
#include "auth/mechanism_token.h"
#include "report/header_details.h"

namespace authreplay::report {

using Json = nlohmann::ordered_json;

namespace {

// The server's KRB-ERROR (auth/kerberos_error.h): why it refused the ticket.
Json krbErrorDetails(const auth::kerberos::KrbErrorSummary& error) {
  Json out;
  out["message"] = "KRB-ERROR";
  out["error"] = error.codeName();
  if (const auto meaning = error.meaning(); !meaning.empty())
    out["meaning"] = meaning;
  out["service"] = error.servicePrincipal();
  out["serverTime"] = error.serverTime;
  if (!error.eText.empty())
    out["eText"] = error.eText;
  return out;
}

}  // namespace

Json kerberosMessageDetails(std::string_view headerValue) {
  const auto token = auth::mechanismTokenIn(headerValue);
  if (!token)
    return nullptr;
  namespace kerberos = auth::kerberos;
  if (const auto error = kerberos::summarizeKrbError(*token))
    return krbErrorDetails(*error);
  const auto summary = kerberos::summarizeApReq(*token);
  if (!summary)
    return nullptr;
  Json out;
  out["message"] = "AP-REQ";
  out["spn"] = summary->spn();
  out["realm"] = summary->realm;
  out["nameType"] = summary->nameType;
  out["ticketEtype"] = kerberos::etypeName(summary->ticketEtype);
  out["kvno"] = summary->kvno ? Json(*summary->kvno) : Json(nullptr);
  out["authenticatorEtype"] = kerberos::etypeName(summary->authenticatorEtype);
  out["mutualRequired"] = summary->mutualRequired;
  return out;
}

Json kerberosDetails(const http::Exchange& exchange) {
  return detailsPerHeader(exchange,
                          [](std::string_view value) { return kerberosMessageDetails(value); });
}

}  // namespace authreplay::report
