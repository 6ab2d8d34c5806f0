// The mechanism token an authentication header value carries, unwrapped: `NTLM <base64>`'s
// NTLMSSP message; `Negotiate <base64>`'s raw token (an NTLMSSP message as IE sends it with
// Kerberos off, or a GSS-API Kerberos token), or, with SPNEGO around it (RFC 4178 §4.2),
// NegTokenInit's mechToken or NegTokenResp's responseToken. For reports that decode a handshake's
// messages (ntlm_in_header.h, kerberos_ap_req.h); leg_label.h only names them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace authreplay::auth {

// The token in HEADER_VALUE (Authorization, Proxy-Authorization, WWW-Authenticate or
// Proxy-Authenticate), nullopt when it carries none: Basic (its token is the password: never
// decoded), another scheme, a bare offer, undecodable base64, SPNEGO without an inner token.
std::optional<std::vector<std::uint8_t>> mechanismTokenIn(std::string_view headerValue);

}  // namespace authreplay::auth
