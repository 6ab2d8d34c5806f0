// Initiator credentials, target names and mechanisms for the GSSAPI token producers: gss-ntlmssp
// with a password, krb5 from a ccache / client keytab / password, and SPNEGO over whichever of
// the two is usable. Internal to harness/auth (token_producer.h is the interface).
#pragma once

#include "auth/gss_token_producer.h"
#include "auth/token_producer.h"

namespace authreplay::auth {

Result<GssSetup> ntlmSetup(const ProducerSpec& spec);
Result<GssSetup> kerberosSetup(const ProducerSpec& spec);
Result<GssSetup> negotiateSetup(const ProducerSpec& spec);

}  // namespace authreplay::auth
