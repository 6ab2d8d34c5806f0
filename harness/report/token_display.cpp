#include "report/token_display.h"

#include <algorithm>
#include <cctype>

namespace authreplay::report {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool carriesCredentials(std::string_view name) {
  return iequals(name, "Authorization") || iequals(name, "Proxy-Authorization") ||
         iequals(name, "WWW-Authenticate") || iequals(name, "Proxy-Authenticate");
}

}  // namespace

std::string displayHeaderValue(std::string_view name, std::string_view value,
                               TokenDisplay display) {
  if (!carriesCredentials(name))
    return std::string(value);
  const auto space = value.find(' ');
  if (space == std::string_view::npos)
    return std::string(value);
  const auto scheme = value.substr(0, space);
  const auto token = value.substr(space + 1);
  if (iequals(scheme, "Basic") && !iequals(name, "WWW-Authenticate") &&
      !iequals(name, "Proxy-Authenticate")) {
    return "Basic <redacted>";  // base64 of user:password: never shown, not even on request
  }
  if (display.showTokens || token.size() <= 24 || token.find('=') < 20) {
    return std::string(value);  // short values are parameters (realm="x"), not tokens
  }
  return std::string(scheme) + " " + std::string(token.substr(0, 16)) + "...(" +
         std::to_string(token.size()) + " chars)";
}

}  // namespace authreplay::report
