// The notation for "what Authorization a leg carried", shared by scenario files ("sent": "NTLM/1")
// and reports: `none`, `Basic`, `NTLM`, `NTLM/1`, `Negotiate`, `Negotiate(Kerberos)`,
// `Negotiate(Kerberos)/AP-REQ`, `Negotiate(NTLM)/3`, the labels of auth/leg_label.h. A part left
// out of an expected pattern matches anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace authreplay::scenario {

struct AuthorizationPattern {
  bool none = false;      // no Authorization header at all
  std::string scheme;     // "NTLM", "Negotiate", "Basic", ... (compared case-insensitively)
  std::string mechanism;  // inside Negotiate: "NTLM" or "Kerberos"; empty = any
  // The message: NTLM type "1" "2" "3"; Kerberos "AP-REQ" "AP-REP" "KRB-ERROR"; a SPNEGO state.
  std::string message;

  // nullopt when TEXT is not in the notation above.
  static std::optional<AuthorizationPattern> parse(std::string_view text);
  std::string toString() const;
  // True when ACTUAL (a full description) is one this pattern allows.
  bool matches(const AuthorizationPattern& actual) const;
};

// Why TEXT cannot be an expected "sent"/"proxySent"/"scheme" value of a scenario, with a
// did-you-mean ("Kerberos" -> "Negotiate(Kerberos)"); nullopt when it can. Stricter than parse():
// a client of the harness sends none, Basic, NTLM or Negotiate, with the mechanisms and messages
// auth/leg_label.h gives them, so anything else could never match and is a typo.
std::optional<std::string> expectedPatternProblem(std::string_view text);

}  // namespace authreplay::scenario
