// Fuzz target: what the runner makes of an Authorization / WWW-Authenticate / Proxy-Authenticate
// value a peer sent: the header parser (harness/auth/authorization_header.cpp, RFC 7235 §2.1), the
// leg label ("NTLM/2", "Negotiate(Kerberos)/AP-REP", leg_label.cpp, which base64-decodes and runs
// the NTLM / SPNEGO / Kerberos decoders), the NTLM-in-header extraction for reports
// (ntlm_in_header.cpp) and the credential display (credential_display.cpp) reports print. The input
// is the header value as text; a newline separates several values. Checks no crash, no UB, no
// exception, and that a label is always produced.
// Guards the issue 12 finding of a full Kerberos AP-REP token in a JSON report's "actual" value
// (the label never carries the token) and the decoders behind base64 on server-chosen bytes.
#include <cstddef>
#include <cstdint>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/credential_display.h"
#include "auth/leg_label.h"
#include "auth/ntlm_in_header.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace auth = authreplay::auth;
  for (const auto value : authreplay::fuzz::splitAt(authreplay::fuzz::asText(data, size), "\n")) {
    const auto header = auth::parseAuthorizationHeader(value);
    const auto leg = auth::describeAuthValue(value);
    if (leg.label.empty())
      authreplay::fuzz::invariantFailed("describeAuthValue gave an empty label");
    // A label names the message, never carries the token (nor, for Basic, the credentials). A
    // short token can be part of a label by chance ("Negotiate otiate(?)" is labelled
    // "Negotiate(?)"): an undecodable token's label is at most 12 bytes, and a base64 token
    // (nothing but [A-Za-z0-9+/=]) can match at most the 10 such bytes in a row a label holds
    // ("incomplete"); so only tokens of 16 bytes or more are checked.
    if (header &&
        (header->schemeIs("Basic") || header->schemeIs("NTLM") || header->schemeIs("Negotiate"))) {
      if (header->token.size() >= 16 && leg.label.find(header->token) != std::string::npos)
        authreplay::fuzz::invariantFailed("a leg label carries the token");
    }
    (void)auth::displayHeaderValue("Authorization", value, false);
    (void)auth::displayHeaderValue("WWW-Authenticate", value, false);
    (void)auth::ntlmMessageIn(value);
    (void)auth::base64Decode(value);
  }
  return 0;
}
