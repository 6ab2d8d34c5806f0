#include "auth/authorization_header.h"

#include <algorithm>

#include "text/ascii.h"

namespace authreplay::auth {
namespace {

// tchar (RFC 7230 §3.2.6).
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isWhitespace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && isWhitespace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && isWhitespace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

bool AuthorizationHeader::schemeIs(std::string_view name) const {
  return text::equalsIgnoreCase(scheme, name);
}

std::optional<AuthorizationHeader> parseAuthorizationHeader(std::string_view value) {
  value = trim(value);
  const auto schemeEnd = std::find_if(value.begin(), value.end(), isWhitespace);
  const std::string_view scheme(value.begin(), schemeEnd);
  if (scheme.empty() || !std::all_of(scheme.begin(), scheme.end(), isTokenChar)) {
    return std::nullopt;
  }
  return AuthorizationHeader{std::string(scheme), std::string(trim(value.substr(scheme.size())))};
}

}  // namespace authreplay::auth
