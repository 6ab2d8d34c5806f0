#include "auth/credential_display.h"

#include "text/ascii.h"

namespace authreplay::auth {

using text::equalsIgnoreCase;

bool carriesCredentials(std::string_view name) {
  return equalsIgnoreCase(name, "Authorization") || equalsIgnoreCase(name, "Proxy-Authorization") ||
         equalsIgnoreCase(name, "WWW-Authenticate") || equalsIgnoreCase(name, "Proxy-Authenticate");
}

std::string displayHeaderValue(std::string_view name, std::string_view value, bool showTokens) {
  if (!carriesCredentials(name))
    return std::string(value);
  const auto space = value.find(' ');
  if (space == std::string_view::npos)
    return std::string(value);
  const auto scheme = value.substr(0, space);
  const auto token = value.substr(space + 1);
  if (equalsIgnoreCase(scheme, "Basic") && !equalsIgnoreCase(name, "WWW-Authenticate") &&
      !equalsIgnoreCase(name, "Proxy-Authenticate")) {
    return "Basic <redacted>";  // base64 of user:password: never shown, not even on request
  }
  if (showTokens || token.size() <= 24 || token.find('=') < 20) {
    return std::string(value);  // short values are parameters (realm="x"), not tokens
  }
  return std::string(scheme) + " " + std::string(token.substr(0, 16)) + "...(" +
         std::to_string(token.size()) + " chars)";
}

}  // namespace authreplay::auth
