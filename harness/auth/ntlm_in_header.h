// The NTLM message (MS-NLMP 2.2.1) an authentication header value carries, wherever it sits:
// `NTLM <base64>`, `Negotiate <base64>` with a raw NTLMSSP token (what IE sends when Kerberos is
// off), or `Negotiate <base64>` with SPNEGO around it (NegTokenInit's mechToken, NegTokenResp's
// responseToken, RFC 4178 §4.2). For reports that decode the handshake's messages (the HAR
// export's flags and target info); leg_label.h only names the message.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace authreplay::auth {

// The NTLMSSP bytes in HEADER_VALUE (an Authorization, Proxy-Authorization, WWW-Authenticate or
// Proxy-Authenticate value), nullopt when it carries none (Basic, Kerberos, a bare offer, a
// damaged token). Only the framing is checked here: decode the bytes with ntlm_message.h.
std::optional<std::vector<std::uint8_t>> ntlmMessageIn(std::string_view headerValue);

}  // namespace authreplay::auth
