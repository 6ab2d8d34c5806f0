// How authentication headers appear in reports: Basic credentials are never shown; NTLM/Negotiate
// tokens are shortened unless the user asks for them (--show-tokens). The rule itself is
// auth/credential_display.h, shared with the header checks' "actual" values.
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
