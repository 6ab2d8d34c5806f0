// How authentication headers appear in output: Basic credentials are never shown (they are the
// password, base64-encoded); NTLM/Negotiate tokens are shortened unless the user asks for them
// (--show-tokens), since a Type 3 or a Kerberos AP-REQ is long and not for casual logs.
#pragma once

#include <string>
#include <string_view>

namespace authreplay::report {

struct TokenDisplay {
  bool showTokens = false;
};

// VALUE of header NAME as it may be displayed.
std::string displayHeaderValue(std::string_view name, std::string_view value, TokenDisplay display);

}  // namespace authreplay::report
