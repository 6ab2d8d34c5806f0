#include "auth/token_producer.h"

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/basic_token_producer.h"
#include "auth/gss_credentials.h"
#include "auth/gss_token_producer.h"
#include "auth/negotiate_token_producer.h"
#include "auth/ntlm_token_producer.h"
#include "auth/spnego_ntlm_token_producer.h"

namespace authreplay::auth {

Result<Done> TokenProducer::verifyFinal(std::string_view) {
  return ProducerError{"verifyFinal()", std::string(scheme()) + " has no final server token"};
}

std::string servicePrincipal(const ProducerSpec& spec) {
  const std::string& host = spec.kerberosHost.empty() ? spec.host : spec.kerberosHost;
  if (spec.spnIncludesPort && spec.port != 0) {
    return "HTTP/" + host + ":" + std::to_string(spec.port);
  }
  return "HTTP@" + host;
}

// The token of a WWW-Authenticate value of our scheme; anything else is the caller's mistake or a
// server that switched schemes, reported as such.
Result<std::vector<std::uint8_t>> challengeToken(std::string_view value, std::string_view scheme,
                                                 const char* what) {
  const auto parsed = parseAuthorizationHeader(value);
  if (!parsed || !parsed->schemeIs(scheme)) {
    return ProducerError{what, "expected a `" + std::string(scheme) + " <token>` challenge, got `" +
                                   std::string(value.substr(0, 40)) + "`"};
  }
  if (parsed->token.empty()) {
    return ProducerError{what,
                         "the server's " + std::string(scheme) + " challenge carries no token"};
  }
  auto token = base64Decode(parsed->token);
  if (!token) {
    return ProducerError{what, "the server's token is not base64"};
  }
  return *std::move(token);
}

Result<std::unique_ptr<TokenProducer>> makeTokenProducer(const ProducerSpec& spec) {
  switch (spec.mechanism) {
    case Mechanism::kBasic:
      return makeBasicTokenProducer(spec);
    case Mechanism::kNtlm:
      return makeNtlmTokenProducer(spec);
    case Mechanism::kKerberos: {
      auto setup = kerberosSetup(spec);
      if (!setup) {
        return setup.error();
      }
      return makeGssTokenProducer(std::move(*setup));
    }
    case Mechanism::kNegotiate:
      // Kerberos first when it works (RFC 4178 §3; Windows lists Kerberos first, too); else NTLM
      // inside SPNEGO, what a machine without a ticket negotiates (seed 003), and what one whose
      // ticket request fails falls back to (negotiate_token_producer.h).
      return makeNegotiateTokenProducer(spec);
  }
  return ProducerError{"makeTokenProducer", "unknown mechanism"};
}

}  // namespace authreplay::auth
