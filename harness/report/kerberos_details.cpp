#include "report/kerberos_details.h"

#include "auth/kerberos_ap_req.h"
#include "auth/mechanism_token.h"
#include "report/header_details.h"

namespace authreplay::report {

using Json = nlohmann::ordered_json;

Json kerberosMessageDetails(std::string_view headerValue) {
  const auto token = auth::mechanismTokenIn(headerValue);
  const auto summary = token ? auth::kerberos::summarizeApReq(*token) : std::nullopt;
  if (!summary)
    return nullptr;
  namespace kerberos = auth::kerberos;
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
