#include "scenario/authorization_pattern.h"

#include <algorithm>
#include <cctype>

#include "text/ascii.h"

namespace authreplay::scenario {

namespace {

using authreplay::text::equalsIgnoreCase;

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
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
    pattern.message = std::string(rest.substr(slash + 1));
    if (!isToken(pattern.message))
      return std::nullopt;
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
  // Messages the mechanism has: NTLM's three types (MS-NLMP 2.2.1), Kerberos's AP exchange.
  const bool ntlm =
      equalsIgnoreCase(pattern.mechanism.empty() ? pattern.scheme : pattern.mechanism, "NTLM");
  const bool kerberos = equalsIgnoreCase(pattern.mechanism, "Kerberos");
  if (!pattern.message.empty()) {
    if (ntlm && pattern.message != "1" && pattern.message != "2" && pattern.message != "3")
      return std::nullopt;
    if (kerberos && pattern.message != "AP-REQ" && pattern.message != "AP-REP" &&
        pattern.message != "KRB-ERROR")
      return std::nullopt;
  }
  return pattern;
}

std::string AuthorizationPattern::toString() const {
  if (none)
    return "none";
  std::string out = scheme;
  if (!mechanism.empty())
    out += "(" + mechanism + ")";
  if (!message.empty())
    out += "/" + message;
  return out;
}

bool AuthorizationPattern::matches(const AuthorizationPattern& actual) const {
  if (none || actual.none)
    return none == actual.none;
  if (!equalsIgnoreCase(scheme, actual.scheme))
    return false;
  if (!mechanism.empty() && !equalsIgnoreCase(mechanism, actual.mechanism))
    return false;
  if (!message.empty() && !equalsIgnoreCase(message, actual.message))
    return false;
  return true;
}

}  // namespace authreplay::scenario
