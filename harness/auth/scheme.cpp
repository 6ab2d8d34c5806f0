#include "auth/scheme.h"

#include "text/ascii.h"

namespace authreplay::auth {

std::string_view schemeName(Scheme scheme) {
  switch (scheme) {
    case Scheme::kBasic:
      return "Basic";
    case Scheme::kNtlm:
      return "NTLM";
    case Scheme::kNegotiate:
      return "Negotiate";
  }
  return "?";
}

std::optional<Scheme> parseScheme(std::string_view name) {
  for (const auto scheme : {Scheme::kBasic, Scheme::kNtlm, Scheme::kNegotiate}) {
    if (text::equalsIgnoreCase(name, schemeName(scheme)))
      return scheme;
  }
  return std::nullopt;
}

}  // namespace authreplay::auth
