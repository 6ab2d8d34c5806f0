// NTLM inside SPNEGO (RFC 4178, MS-SPNG) framed by the project itself around its NtlmInitiator,
// for `Negotiate` when no Kerberos credential is usable (gss-ntlmssp is never loaded as a SPNEGO
// mechanism by harness/; issue 9). What Windows' Negotiate package and MIT's SPNEGO put on the
// wire for NTLM (README "Token producers"):
//
//   first()        Negotiate <InitialContextToken{SPNEGO, NegTokenInit{mechTypes [NTLMSSP],
//                                                                       mechToken Type 1}}>
//   401 Negotiate <NegTokenResp{accept-incomplete, supportedMech NTLMSSP, responseToken Type 2}>
//   next()         Negotiate <NegTokenResp{responseToken Type 3, mechListMIC}>
//   200 Negotiate <NegTokenResp{accept-completed, mechListMIC?}>  -> verifyFinal()
//
// mechListMIC = NTLM GSS_GetMIC(DER mechTypes as sent) with the exported session key (RFC 4178
// §5, MS-SPNG 3.1.5.1, MS-NLMP 3.4.4.2); the acceptor's is verified over the same bytes when it
// sends one, and its absence is accepted (MIT's acceptor sends one only when the mechanism
// requires it, spnego_mech.c handle_mic). Internal to harness/auth.
#pragma once

#include <memory>

#include "auth/token_producer.h"

namespace authreplay::auth {

Result<std::unique_ptr<TokenProducer>> makeSpnegoNtlmTokenProducer(const ProducerSpec& spec);

}  // namespace authreplay::auth
