#include "scenario/authorization_pattern.h"

#include <algorithm>
#include <cctype>

namespace authreplay::scenario {

namespace {

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<AuthorizationPattern> AuthorizationPattern::parse(std::string_view text) {
  AuthorizationPattern pattern;
  if (text == "none") {
    pattern.none = true;
    return pattern;
  }
  std::string_view rest = text;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const auto type = rest.substr(slash + 1);
    if (type != "1" && type != "2" && type != "3")
      return std::nullopt;
    pattern.messageType = type[0] - '0';
    rest = rest.substr(0, slash);
  }
  if (const auto open = rest.find('('); open != std::string_view::npos) {
    if (rest.back() != ')')
      return std::nullopt;
    pattern.mechanism = std::string(rest.substr(open + 1, rest.size() - open - 2));
    if (!isToken(pattern.mechanism))
      return std::nullopt;
    rest = rest.substr(0, open);
  }
  if (!isToken(rest))
    return std::nullopt;
  pattern.scheme = std::string(rest);
  return pattern;
}

std::string AuthorizationPattern::toString() const {
  if (none)
    return "none";
  std::string out = scheme;
  if (!mechanism.empty())
    out += "(" + mechanism + ")";
  if (messageType)
    out += "/" + std::to_string(*messageType);
  return out;
}

bool AuthorizationPattern::matches(const AuthorizationPattern& actual) const {
  if (none || actual.none)
    return none == actual.none;
  if (!equalsIgnoreCase(scheme, actual.scheme))
    return false;
  if (!mechanism.empty() && !equalsIgnoreCase(mechanism, actual.mechanism))
    return false;
  if (messageType && messageType != actual.messageType)
    return false;
  return true;
}

}  // namespace authreplay::scenario
