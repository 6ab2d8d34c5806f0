#include "scenario/authorization_pattern.h"

#include <algorithm>
#include <cctype>

#include "json/source_document.h"
#include "text/ascii.h"

namespace authreplay::scenario {

namespace {

using authreplay::text::equalsIgnoreCase;

bool isToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

// What a leg label can say (auth/leg_label.cpp): NTLM's message types (MS-NLMP 2.2.1), Kerberos's
// AP exchange (RFC 4120), SPNEGO's states without an inner token (RFC 4178 §4.2.2).
const std::vector<std::string> kNtlmMessages = {"1", "2", "3"};
const std::vector<std::string> kKerberosMessages = {"AP-REQ", "AP-REP", "KRB-ERROR"};
const std::vector<std::string> kSpnegoMessages = {
    "init", "resp", "accept-completed", "accept-incomplete", "reject", "request-mic"};
const std::vector<std::string> kExamples = {"none",
                                            "Basic",
                                            "NTLM",
                                            "NTLM/1",
                                            "NTLM/3",
                                            "Negotiate",
                                            "Negotiate(Kerberos)",
                                            "Negotiate(Kerberos)/AP-REQ",
                                            "Negotiate(NTLM)",
                                            "Negotiate(NTLM)/1",
                                            "Negotiate(NTLM)/3"};

bool oneOf(std::string_view value, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return equalsIgnoreCase(a, value); });
}

std::string list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values)
    out += (out.empty() ? "" : ", ") + value;
  return out;
}

std::string suggestion(std::string_view text) {
  const auto close = json::closestMatch(text, kExamples);
  return close.empty() ? "expected none, Basic, NTLM, NTLM/1, Negotiate(Kerberos)/AP-REQ, "
                         "Negotiate(NTLM)/3, ..."
                       : "did you mean \"" + close + "\"?";
}

}  // namespace

std::optional<std::string> expectedPatternProblem(std::string_view text) {
  const std::string quoted = "\"" + std::string(text.substr(0, 64)) + "\"";
  const auto pattern = AuthorizationPattern::parse(text);
  if (!pattern)
    return "invalid value " + quoted + " (" + suggestion(text) + ")";
  if (pattern->none)
    return std::nullopt;
  const auto& scheme = pattern->scheme;
  if (equalsIgnoreCase(scheme, "Kerberos") || equalsIgnoreCase(scheme, "SPNEGO")) {
    return quoted +
           " is a mechanism, not a scheme: it goes inside Negotiate (RFC 4559), e.g. "
           "\"Negotiate(" +
           scheme + ")\"";
  }
  if (text::startsWithIgnoreCase(scheme, "NTLMv") || text::startsWithIgnoreCase(scheme, "LM")) {
    return "the notation names NTLM's message (NTLM/1, NTLM/3), not its version: did you mean "
           "\"NTLM\"? (" +
           quoted + ")";
  }
  if (!oneOf(scheme, {"Basic", "NTLM", "Negotiate"})) {
    return "unknown scheme in " + quoted +
           ": the harness's clients send none, Basic, NTLM or Negotiate (" + suggestion(text) + ")";
  }
  if (equalsIgnoreCase(scheme, "Basic")) {
    if (!pattern->mechanism.empty() || !pattern->message.empty())
      return quoted + ": Basic has no mechanism and no messages: write \"Basic\"";
    return std::nullopt;
  }
  if (equalsIgnoreCase(scheme, "NTLM")) {
    if (!pattern->mechanism.empty())
      return quoted + ": NTLM has no mechanism in parentheses: write \"NTLM/1\" or \"NTLM/3\"";
    return std::nullopt;  // parse() has checked its message number
  }
  // Negotiate.
  const auto& mechanism = pattern->mechanism;
  if (mechanism.empty()) {
    if (!pattern->message.empty()) {
      return quoted + ": a message needs its mechanism: \"Negotiate(NTLM)/" + pattern->message +
             "\" or \"Negotiate(Kerberos)/AP-REQ\"";
    }
    return std::nullopt;
  }
  const bool ntlm = equalsIgnoreCase(mechanism, "NTLM");
  const bool kerberos = equalsIgnoreCase(mechanism, "Kerberos");
  const bool spnego = equalsIgnoreCase(mechanism, "SPNEGO");
  if (!ntlm && !kerberos && !spnego) {
    return "unknown mechanism in " + quoted +
           ": Negotiate carries NTLM, Kerberos or (no inner token) SPNEGO (" + suggestion(text) +
           ")";
  }
  if (pattern->message.empty())
    return std::nullopt;
  const auto& messages = ntlm ? kNtlmMessages : kerberos ? kKerberosMessages : kSpnegoMessages;
  if (!oneOf(pattern->message, messages))
    return "unknown message in " + quoted + ": " + mechanism + "'s are " + list(messages);
  return std::nullopt;
}

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
