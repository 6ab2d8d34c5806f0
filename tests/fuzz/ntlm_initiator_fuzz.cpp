// Fuzz target: the project's NTLM initiator (harness/auth/ntlm/ntlm_initiator.cpp, MS-NLMP 3.1)
// answering a CHALLENGE_MESSAGE a server chose. The first input byte picks the client flavour the
// browser profiles use: bit 0 the style (kChromium for Chrome/Edge/Firefox on Linux, kWindowsSspi
// for IE 11 / WinINet / .NET), bit 1 NTLMv1 (policy NtlmV2Enabled=false), bit 2 TLS channel
// bindings; the rest is the Type 2. Checks that authenticate() returns a Type 3 or an
// InitiatorError and nothing else (no crash, no UB, no exception); that a Type 3 it writes decodes
// with the project's own reader (ntlm_message.h); and that the work stays bounded by the
// challenge's size (the server's AV pairs are copied into the NTLMv2 response). The clock and the
// random bytes are fixed (ntlm_fixture.h): a crash file reproduces byte for byte.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "auth/ntlm/ntlm_initiator.h"
#include "auth/ntlm_message.h"
#include "fuzz_input.h"
#include "ntlm_fixture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ntlm = authreplay::auth::ntlm;
  if (size == 0)
    return 0;
  ntlm::NtlmInitiator initiator(authreplay::fuzz::initiatorConfig(data[0]));
  const auto answer = initiator.authenticate(authreplay::fuzz::asBytes(data + 1, size - 1));
  if (const auto* type3 = std::get_if<ntlm::Bytes>(&answer)) {
    if (!std::holds_alternative<ntlm::AuthenticateMessage>(ntlm::decodeAuthenticate(*type3)))
      authreplay::fuzz::invariantFailed("the initiator wrote a Type 3 its own reader refuses");
  }
  return 0;
}
