// Negotiate as Windows' Negotiate package runs it for a browser (MS-SPNG 3.1.5.1; RFC 4559 §4):
// Kerberos inside SPNEGO when the client can get a service ticket for HTTP/<host>; when it cannot,
// NTLM inside SPNEGO, without a word to the user. That is "Kerberos that silently falls back to
// NTLM", the most common Negotiate problem in the field (issue 14): no SPN for the host name the
// browser uses, a duplicate SPN, clock skew; the logon still works, over NTLM, until NTLM is
// switched off. So the choice is made at the first token, as InitializeSecurityContext makes it:
//
//   - a usable Kerberos credential and a service ticket: the Kerberos producer
//   (gss_token_producer);
//   - no credential, or gss_init_sec_context refused (KDC_ERR_S_PRINCIPAL_UNKNOWN, a skewed clock):
//     NTLM inside SPNEGO (spnego_ntlm_token_producer.h), and fallbackNote() says why Kerberos
//     failed;
//   - the same with NTLM refused (ProducerSpec::ntlmAllowed false: Windows with outgoing NTLM
//     denied, "Network security: Restrict NTLM"): first() fails with Kerberos's reason, as a
//     client without NTLM fails.
// Internal to harness/auth (makeTokenProducer makes it for Mechanism::kNegotiate).
#pragma once

#include <memory>

#include "auth/token_producer.h"

namespace authreplay::auth {

// An error at once when neither mechanism can even be tried (no Kerberos credential, and no NTLM
// password or NTLM refused).
Result<std::unique_ptr<TokenProducer>> makeNegotiateTokenProducer(const ProducerSpec& spec);

}  // namespace authreplay::auth
