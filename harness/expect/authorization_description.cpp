#include "expect/authorization_description.h"

#include "auth/leg_label.h"

namespace authreplay::expect {

namespace {

// (GCC 12 warns -Wrestrict on assigning a one-character literal here; a named string does not.)
const std::string kUnknown = "?";

}  // namespace

// The label of auth/leg_label.h ("NTLM/1", "Negotiate(NTLM)/3", "Negotiate(Kerberos)/AP-REQ",
// "Basic"), split into the parts an expected pattern is matched against. SPNEGO framing is not
// part of it, so one expectation matches IE (SPNEGO) and Chrome or curl (raw Kerberos) alike.
scenario::AuthorizationPattern describeAuthorization(const std::optional<std::string>& header) {
  scenario::AuthorizationPattern out;
  if (!header) {
    out.none = true;
    return out;
  }
  const auto leg = auth::describeAuthValue(*header);
  // (An empty scheme, an unparsable header, is shown as "?".)
  out.scheme = leg.scheme.empty() ? kUnknown : leg.scheme;
  // Under "NTLM" the mechanism is the scheme itself: the notation says "NTLM/1", not
  // "NTLM(NTLM)/1".
  if (leg.scheme != "NTLM")
    out.mechanism = leg.mechanism;
  out.message = leg.message;
  // A token that could not be decoded: "Negotiate(?)" (auth/leg_label.h).
  if (!leg.problem.empty() && out.mechanism.empty() && out.scheme != "NTLM") {
    out.mechanism = kUnknown;
    out.message.clear();
  }
  return out;
}

}  // namespace authreplay::expect
