// What an Authorization header carried, in the scenario notation ("NTLM/1", "Negotiate(Kerberos)",
// "Negotiate(NTLM)/3", "Basic", "none"), using the auth/ codecs to read the token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scenario/authorization_pattern.h"

namespace authreplay::expect {

// HEADER is the Authorization value, nullopt when the request had none.
scenario::AuthorizationPattern describeAuthorization(const std::optional<std::string>& header);

}  // namespace authreplay::expect
