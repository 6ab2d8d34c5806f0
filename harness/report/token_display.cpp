#include "report/token_display.h"

#include "auth/credential_display.h"

namespace authreplay::report {

std::string displayHeaderValue(std::string_view name, std::string_view value,
                               TokenDisplay display) {
  return auth::displayHeaderValue(name, value, display.showTokens);
}

}  // namespace authreplay::report
