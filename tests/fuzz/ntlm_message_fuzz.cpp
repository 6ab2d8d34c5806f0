// Fuzz target: the NTLM message decoders (harness/auth/ntlm_message.cpp, MS-NLMP 2.2.1): type
// detection, decodeNegotiate / decodeChallenge / decodeAuthenticate, the AV_PAIR list reader and
// the UTF-16LE name decoder, all on the same bytes (a peer chooses every offset and length).
// Checks that each returns a value or a DecodeError and never reads out of bounds (ASan), never
// overflows an offset + length sum (UBSan), never allocates more than the message implies.
// Guards the bounds checks the decoders promise (ntlm_message.h, after curl's lib/vauth/ntlm.c).
#include <cstddef>
#include <cstdint>

#include "auth/ntlm_message.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ntlm = authreplay::auth::ntlm;
  const auto bytes = authreplay::fuzz::asBytes(data, size);
  (void)ntlm::messageType(bytes);
  (void)ntlm::legLabel(bytes);
  (void)ntlm::decodeNegotiate(bytes);
  if (const auto challenge = ntlm::decodeChallenge(bytes);
      const auto* message = std::get_if<ntlm::ChallengeMessage>(&challenge)) {
    (void)ntlm::findAvPair(message->targetInfo, ntlm::AvId::kTimestamp);
  }
  if (const auto authenticate = ntlm::decodeAuthenticate(bytes);
      const auto* message = std::get_if<ntlm::AuthenticateMessage>(&authenticate)) {
    // An NTLMv2 response carries AV pairs after its 28-byte header (MS-NLMP 2.2.2.7).
    if (message->ntResponse.size() > 28) {
      (void)ntlm::decodeAvPairList(std::span<const std::uint8_t>(message->ntResponse).subspan(28));
    }
  }
  (void)ntlm::decodeAvPairList(bytes);
  (void)ntlm::utf16leToUtf8(bytes);
  return 0;
}
