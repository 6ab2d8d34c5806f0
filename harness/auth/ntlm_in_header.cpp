#include "auth/ntlm_in_header.h"

#include "auth/mechanism_token.h"
#include "auth/ntlm_message.h"

namespace authreplay::auth {

std::optional<std::vector<std::uint8_t>> ntlmMessageIn(std::string_view headerValue) {
  auto token = mechanismTokenIn(headerValue);
  if (token && ntlm::messageType(*token))
    return token;
  return std::nullopt;
}

}  // namespace authreplay::auth
