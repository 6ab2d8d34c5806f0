// How the values of authentication headers (Authorization, Proxy-Authorization, WWW-Authenticate,
// Proxy-Authenticate) may be shown in output: Basic credentials never (they are the password,
// base64-encoded); NTLM/Negotiate tokens shortened unless asked for, since a Type 3 or a Kerberos
// AP-REQ/AP-REP is long and not for casual logs. Reports (report/token_display.h) and the "actual"
// of a header check (expect/step_checks.cpp) both show them through here.
#pragma once

#include <string>
#include <string_view>

namespace authreplay::auth {

bool carriesCredentials(std::string_view headerName);

// VALUE of header NAME as it may be displayed: "Negotiate oYG3MIG0oAMK...(184 chars)",
// "Basic <redacted>"; unchanged for other headers, short values and parameters (realm="x"), and
// for tokens when SHOW_TOKENS.
std::string displayHeaderValue(std::string_view name, std::string_view value, bool showTokens);

}  // namespace authreplay::auth
