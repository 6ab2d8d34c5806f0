// The deterministic NTLM parties of the fuzz targets and of make_seeds: a fixed clock and a
// fixed "random" byte, so a crash file reproduces byte for byte (all but the SSPI style's
// MsvAvSingleHost MachineID, random once per process as Windows makes it per boot: MS-NLMP
// 2.2.2.2; it only travels in the Type 3 the initiator writes) and the seed Type 3 that
// make_seeds writes verifies against the acceptor the fuzz target builds (the fuzzer starts
// from a handshake that succeeds and mutates from there).
#pragma once

#include <cstdint>
#include <memory>

#include "auth/ntlm/ntlm_acceptor.h"
#include "auth/ntlm/ntlm_initiator.h"

namespace authreplay::fuzz {

// The initiator flavour FLAVOUR names: bit 0 the style (kChromium for Chrome/Edge/Firefox on
// Linux, kWindowsSspi for IE 11 / WinINet / .NET), bit 1 NTLMv1 (policy NtlmV2Enabled=false),
// bit 2 TLS channel bindings.
auth::ntlm::InitiatorConfig initiatorConfig(std::uint8_t flavour);

// An acceptor whose every account lookup succeeds with the initiator's password, so the NTLMv2
// verification (HMAC over the client's blob) always runs.
std::shared_ptr<const auth::ntlm::AcceptorConfig> acceptorConfig();

}  // namespace authreplay::fuzz
