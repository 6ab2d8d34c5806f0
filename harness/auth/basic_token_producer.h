// Basic (RFC 7617): one leg, `Basic base64(user ":" password)`. Internal to harness/auth.
#pragma once

#include <memory>

#include "auth/token_producer.h"

namespace authreplay::auth {

Result<std::unique_ptr<TokenProducer>> makeBasicTokenProducer(const ProducerSpec& spec);

}  // namespace authreplay::auth
