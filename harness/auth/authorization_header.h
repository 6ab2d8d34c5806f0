// One credentials or challenge value of an HTTP authentication header (RFC 7235 §2.1):
//   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
// e.g. `NTLM TlRMTVNTUAAB...`, `Negotiate YIIC...`, `Basic YWxpY2U6cHc=`, or, in a
// WWW-Authenticate header, `Negotiate`, `Basic realm="x"`. IIS sends one challenge per header
// (IIS-FACTS.md §2), so one value = one scheme here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authreplay::auth {

struct AuthorizationHeader {
  std::string scheme;  // as sent; compare with schemeIs() (schemes are case-insensitive)
  std::string token;   // the token68 or auth-param text after the scheme, trimmed; may be empty

  bool schemeIs(std::string_view name) const;
};

// nullopt when the value is empty or the scheme is not an RFC 7230 token.
std::optional<AuthorizationHeader> parseAuthorizationHeader(std::string_view value);

}  // namespace authreplay::auth
