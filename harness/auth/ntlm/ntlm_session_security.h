// NTLM message integrity with extended session security (MS-NLMP 3.4.4.2): what GSS_GetMIC /
// GSS_VerifyMIC do on an NTLM context. HTTP itself signs nothing, but SPNEGO's mechListMIC is an
// NTLM signature over the DER mechTypes list (RFC 4178 §5, MS-SPNG 3.1.5.1), so both the
// SPNEGO initiator and acceptor need it.
//
//   NTLMSSP_MESSAGE_SIGNATURE (16 bytes):
//   +-------------+---------------------------------------------+--------------+
//   | Version = 1 | Checksum = HMAC_MD5(SigningKey, SeqNum||Msg)| SeqNum (4)   |
//   |   (4)       |  [0..7], RC4-encrypted with the sealing     |              |
//   |             |  handle when KEY_EXCH was negotiated (8)    |              |
//   +-------------+---------------------------------------------+--------------+
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "auth/ntlm/ntlm_keys.h"

namespace authreplay::auth::ntlm {

using Signature16 = std::array<std::uint8_t, 16>;

class SessionSecurity {
 public:
  enum class Role { kClient, kServer };
  // `negotiatedFlags` are the AUTHENTICATE_MESSAGE's; extended session security is required
  // (every client this harness models negotiates it).
  SessionSecurity(const Digest16& exportedSessionKey, std::uint32_t negotiatedFlags, Role role);

  Signature16 sign(std::span<const std::uint8_t> message);
  bool verify(std::span<const std::uint8_t> message, std::span<const std::uint8_t> signature);

 private:
  struct DirectionState {
    Digest16 signingKey{};
    crypto::Rc4 sealing;
    std::uint32_t sequence = 0;
  };
  Signature16 signWith(DirectionState& state, std::span<const std::uint8_t> message);

  bool keyExchange_ = false;
  DirectionState outgoing_;
  DirectionState incoming_;
};

}  // namespace authreplay::auth::ntlm
