#include "auth/token_producer.h"

#include "auth/basic_token_producer.h"
#include "auth/gss_credentials.h"
#include "auth/gss_token_producer.h"

namespace authreplay::auth {

Result<Done> TokenProducer::verifyFinal(std::string_view) {
  return ProducerError{"verifyFinal()", std::string(scheme()) + " has no final server token"};
}

std::string servicePrincipal(const ProducerSpec& spec) {
  if (spec.spnIncludesPort && spec.port != 0) {
    return "HTTP/" + spec.host + ":" + std::to_string(spec.port);
  }
  return "HTTP@" + spec.host;
}

Result<std::unique_ptr<TokenProducer>> makeTokenProducer(const ProducerSpec& spec) {
  Result<GssSetup> setup = ProducerError{"makeTokenProducer", "unknown mechanism"};
  switch (spec.mechanism) {
    case Mechanism::kBasic:
      return makeBasicTokenProducer(spec);
    case Mechanism::kNtlm:
      setup = ntlmSetup(spec);
      break;
    case Mechanism::kKerberos:
      setup = kerberosSetup(spec);
      break;
    case Mechanism::kNegotiate:
      setup = negotiateSetup(spec);
      break;
  }
  if (!setup) {
    return setup.error();
  }
  return makeGssTokenProducer(std::move(*setup));
}

}  // namespace authreplay::auth
