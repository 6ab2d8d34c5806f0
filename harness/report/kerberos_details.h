// The Kerberos AP-REQ of a leg, decoded for a reader without any key (auth/kerberos_ap_req.h):
// the SPN and realm of the ticket, its encryption type and key version, the authenticator's
// encryption type, mutual authentication. What an operator compares with `setspn -L` and
// `klist`. And the server's KRB-ERROR when it refused the ticket (auth/kerberos_error.h): the
// error, what it means, the server's time (clock skew), its e-text.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "http/exchange.h"

namespace authreplay::report {

// The AP-REQ (or KRB-ERROR) in one authentication header value (raw, GSS-framed, or inside SPNEGO),
// decoded; null when the value carries none.
nlohmann::ordered_json kerberosMessageDetails(std::string_view headerValue);

// Every AP-REQ and KRB-ERROR of a leg, keyed by the header it came in (header_details.h).
nlohmann::ordered_json kerberosDetails(const http::Exchange& exchange);

}  // namespace authreplay::report
