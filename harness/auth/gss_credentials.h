// Initiator credentials, target names and mechanisms for the GSSAPI token producers: krb5 from a
// ccache / client keytab / password, raw or inside MIT's SPNEGO (restricted to krb5). NTLM is not
// GSSAPI's here: the project's own initiator produces it (ntlm_token_producer.h). Internal to
// harness/auth (token_producer.h is the interface).
#pragma once

#include "auth/gss_token_producer.h"
#include "auth/token_producer.h"

namespace authreplay::auth {

// kKerberos: the raw krb5 mechanism, or SPNEGO around krb5 alone with spec.spnego.
Result<GssSetup> kerberosSetup(const ProducerSpec& spec);
// kNegotiate with a usable Kerberos credential: SPNEGO, gss_set_neg_mechs [krb5]. An error when
// no Kerberos credential is usable (makeTokenProducer then falls back to NTLM inside SPNEGO).
Result<GssSetup> negotiateKerberosSetup(const ProducerSpec& spec);

}  // namespace authreplay::auth
