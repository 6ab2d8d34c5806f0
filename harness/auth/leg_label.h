// One label for any Authorization / WWW-Authenticate / Proxy-Authenticate value, for the runner's
// per-leg console line, its reports and a scenario's `"sent": "NTLM/1"` assertions:
//
//   NTLM TlRMTVNTUAAB...              NTLM/1          (MS-NLMP 2.2.1.1; /2 and /3 likewise)
//   Negotiate TlRMTVNTUAAB...         Negotiate(NTLM)/1           raw NTLMSSP under Negotiate
//   Negotiate YIIB... (SPNEGO+NTLM)   Negotiate(NTLM)/1           NegTokenInit, mechToken Type 1
//   Negotiate oYIB... (server)        Negotiate(NTLM)/2           NegTokenResp, responseToken Type
//   2 Negotiate YIIC... (krb5 AP-REQ)   Negotiate(Kerberos)/AP-REQ  raw or inside NegTokenInit
//   Negotiate oYG... / YIG... (200)   Negotiate(Kerberos)/AP-REP  mutual auth (RFC 4559 §5)
//   Negotiate oRsw... (no token)      Negotiate(SPNEGO)/accept-completed   final NegTokenResp
//   Negotiate                         Negotiate       the bare offer of a 401 (MS-NTHT 2.2.1)
//   Basic dXNlcjpwdw== / Basic realm= Basic           never anything of the credentials
//   <unparsable token>                Negotiate(?)    / NTLM/? (see `problem`)
//
// Whether the inner token was SPNEGO-wrapped is in LegDescription::spnego, not in the label, so
// one expectation (`Negotiate(Kerberos)/AP-REQ`) matches IE (SPNEGO) and Chrome (raw) alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace authreplay::auth {

struct LegDescription {
  std::string scheme;     // canonical spelling for known schemes: "NTLM", "Negotiate", "Basic"
  std::string mechanism;  // "NTLM", "Kerberos", "SPNEGO", "" (bare offer, Basic, other schemes)
  std::string message;    // "1".."3", "AP-REQ", "AP-REP", "KRB-ERROR", a negState, "?" or ""
  bool spnego = false;    // the token was SPNEGO (NegTokenInit / NegTokenResp)
  std::vector<std::string> mechTypes;  // NegTokenInit's offered mechanisms, by name, in order
  std::string label;                   // as in the table above
  std::string problem;                 // why the token could not be decoded; empty if it could
};

LegDescription describeAuthValue(std::string_view headerValue);

// describeAuthValue(headerValue).label
std::string legLabel(std::string_view headerValue);

}  // namespace authreplay::auth
