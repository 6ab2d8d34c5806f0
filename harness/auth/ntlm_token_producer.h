// The NTLM token producers on the project's own initiator (auth/ntlm/ntlm_initiator.h), which
// replaced gss-ntlmssp on the client (issue 9: gss-ntlmssp 1.2.0's initiator writes through NULL on
// a Type 2 with TARGET_TYPE_* set and an empty TargetName, IIS-FACTS.md §8, and leaks an OpenSSL
// context per credential). Internal to harness/auth; token_producer.h is the interface.
//
//   kNtlm                                  kNegotiate without a usable Kerberos credential
//   first()  NTLM <Type 1>                 Negotiate <NegTokenInit{[NTLMSSP], Type 1}>
//   next()   NTLM <Type 3>                 Negotiate <NegTokenResp{Type 3, mechListMIC}>
//   final    (none)                        verifyFinal(<NegTokenResp{accept-completed, MIC?}>)
#pragma once

#include <memory>
#include <string>

#include "auth/ntlm/ntlm_initiator.h"
#include "auth/token_producer.h"

namespace authreplay::auth {

// The initiator's configuration from a spec: user and domain split at the first backslash
// (Chromium's SplitDomainAndUser), the NT hash of the password (the password itself is not
// kept), the workstation (ntlmWorkstation() of gethostname() unless the spec names one) and the
// SPN (ntlmTargetName()). An error when the user or the password is missing.
Result<ntlm::InitiatorConfig> ntlmInitiatorConfig(const ProducerSpec& spec);

// NTOWFv2 (MS-NLMP 3.3.2) of USER ("DOMAIN\\user", split as the initiator splits it) for a
// caller that keeps it across handshakes (ProducerSpec::ntlmV2Key).
ntlm::crypto::Digest16 ntlmResponseKeyV2(const std::string& user,
                                         const ntlm::crypto::Digest16& ntHash);

// Raw NTLMSSP (MS-NLMP) under `NTLM`, or under `Negotiate` with spec.ntlmUnderNegotiate.
Result<std::unique_ptr<TokenProducer>> makeNtlmTokenProducer(const ProducerSpec& spec);

}  // namespace authreplay::auth
