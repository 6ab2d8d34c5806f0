#include "auth/mechanism_token.h"

#include <variant>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/ntlm_message.h"
#include "auth/spnego_token.h"

namespace authreplay::auth {

std::optional<std::vector<std::uint8_t>> mechanismTokenIn(std::string_view headerValue) {
  const auto header = parseAuthorizationHeader(headerValue);
  if (!header || header->token.empty())
    return std::nullopt;
  if (!header->schemeIs("NTLM") && !header->schemeIs("Negotiate"))
    return std::nullopt;  // Basic carries the password: never decoded
  auto token = base64Decode(header->token);
  if (!token)
    return std::nullopt;
  if (header->schemeIs("NTLM") || ntlm::messageType(*token))
    return token;
  switch (classifyNegotiateToken(*token)) {
    case SpnegoTokenKind::kSpnegoInit: {
      auto decoded = spnego::decodeNegTokenInit(*token);
      if (auto* init = std::get_if<spnego::NegTokenInit>(&decoded))
        return std::move(init->mechToken);
      return std::nullopt;
    }
    case SpnegoTokenKind::kSpnegoResponse: {
      auto decoded = spnego::decodeNegTokenResp(*token);
      if (auto* resp = std::get_if<spnego::NegTokenResp>(&decoded))
        return std::move(resp->responseToken);
      return std::nullopt;
    }
    case SpnegoTokenKind::kKerberos:
      return token;
    case SpnegoTokenKind::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace authreplay::auth
