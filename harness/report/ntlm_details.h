// The NTLM messages of a leg, decoded for a reader (the HAR export's `_authreplay.ntlm`): which
// message, the NegotiateFlags by name (MS-NLMP 2.2.2.5), the names and version it carries, and a
// challenge's target info AV pairs (MS-NLMP 2.2.2.1); for a Type 3 also the AV pairs the client
// put in its NTLMv2 response (MsvAvFlags with the MIC bit, the SPN, channel bindings). Nothing
// secret is in here: no response, key or challenge bytes, and Basic is never decoded.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "http/exchange.h"

namespace authreplay::report {

// The NTLM message in one authentication header value (auth/ntlm_in_header.h), decoded; null when
// the value carries none. A message that does not decode gives its type and the decoder's problem.
nlohmann::ordered_json ntlmMessageDetails(std::string_view headerValue);

// Every NTLM message of a leg, keyed by the header it came in ("authorization",
// "wwwAuthenticate", "proxyAuthorization", "proxyAuthenticate"); an empty object when none.
nlohmann::ordered_json ntlmDetails(const http::Exchange& exchange);

}  // namespace authreplay::report
