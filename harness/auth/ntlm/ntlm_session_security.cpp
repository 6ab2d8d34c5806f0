#include "auth/ntlm/ntlm_session_security.h"

#include <algorithm>

#include "auth/ntlm_message.h"

namespace authreplay::auth::ntlm {
namespace {

Direction outgoingOf(SessionSecurity::Role role) {
  return role == SessionSecurity::Role::kClient ? Direction::kClientToServer
                                                : Direction::kServerToClient;
}

Direction incomingOf(SessionSecurity::Role role) {
  return role == SessionSecurity::Role::kClient ? Direction::kServerToClient
                                                : Direction::kClientToServer;
}

}  // namespace

SessionSecurity::SessionSecurity(const Digest16& key, std::uint32_t negotiatedFlags, Role role)
    : keyExchange_((negotiatedFlags & flags::kKeyExchange) != 0),
      outgoing_{signKey(key, outgoingOf(role)),
                crypto::Rc4(sealKey(key, negotiatedFlags, outgoingOf(role))), 0},
      incoming_{signKey(key, incomingOf(role)),
                crypto::Rc4(sealKey(key, negotiatedFlags, incomingOf(role))), 0} {}

Signature16 SessionSecurity::signWith(DirectionState& state,
                                      std::span<const std::uint8_t> message) {
  const std::array<std::uint8_t, 4> sequence{static_cast<std::uint8_t>(state.sequence),
                                             static_cast<std::uint8_t>(state.sequence >> 8),
                                             static_cast<std::uint8_t>(state.sequence >> 16),
                                             static_cast<std::uint8_t>(state.sequence >> 24)};
  const Digest16 mac = crypto::HmacMd5(state.signingKey).update(sequence).update(message).final();
  Bytes checksum(mac.begin(), mac.begin() + 8);
  if (keyExchange_) {
    checksum = state.sealing.apply(checksum);
  }
  ++state.sequence;
  Signature16 signature{1, 0, 0, 0};
  std::copy(checksum.begin(), checksum.end(), signature.begin() + 4);
  std::copy(sequence.begin(), sequence.end(), signature.begin() + 12);
  return signature;
}

Signature16 SessionSecurity::sign(std::span<const std::uint8_t> message) {
  return signWith(outgoing_, message);
}

bool SessionSecurity::verify(std::span<const std::uint8_t> message,
                             std::span<const std::uint8_t> signature) {
  const Signature16 expected = signWith(incoming_, message);
  return crypto::equalDigests(expected, signature);
}

}  // namespace authreplay::auth::ntlm
