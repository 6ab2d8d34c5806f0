// Writers of the three NTLM messages (MS-NLMP 2.2.1) and of AV pair lists (2.2.2.1), the inverse
// of ntlm_message.h's decoders. Layout choices that differ between real implementations (header
// length, where the payload starts, the order of payload fields, the offset written for an empty
// field) are parameters, because the profiles reproduce those differences byte for byte
// (ntlm_initiator.h says which client does what).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "auth/ntlm_message.h"

namespace authreplay::auth::ntlm {

using Bytes = std::vector<std::uint8_t>;

// An AV pair list ending with MsvAvEOL.
Bytes encodeAvPairs(const std::vector<AvPair>& pairs);
AvPair avPair(AvId id, Bytes value);
AvPair avPairUtf16(AvId id, std::string_view text);
AvPair avPairU32(AvId id, std::uint32_t value);
AvPair avPairU64(AvId id, std::uint64_t value);

// NEGOTIATE_MESSAGE. With `version` the message is 40 bytes (plus OEM payload); without, 32.
struct NegotiateLayout {
  std::uint32_t flags = 0;
  std::optional<Version> version;
  // The BufferOffset written into an empty Domain/Workstation field: Chromium writes 32 (the end
  // of its message), Windows SSPI writes 0.
  std::uint32_t emptyFieldOffset = 0;
};
Bytes encodeNegotiate(const NegotiateLayout& layout);

// CHALLENGE_MESSAGE: 56-byte header with Version (when given) then TargetName, TargetInfo.
struct ChallengeLayout {
  std::uint32_t flags = 0;
  std::string_view targetName;  // UTF-16LE when kUnicode is set, else OEM
  std::array<std::uint8_t, 8> serverChallenge{};
  Bytes targetInfo;  // encodeAvPairs(...), empty for none
  std::optional<Version> version;
};
Bytes encodeChallenge(const ChallengeLayout& layout);

// AUTHENTICATE_MESSAGE. The header is 64 bytes, 72 with a Version slot, 88 with a MIC slot too
// (the MIC, at offset 72, is written as zeros: the caller computes and patches it).
enum class Type3Field { kLm, kNt, kDomain, kUser, kWorkstation, kSessionKey };
struct AuthenticateLayout {
  std::uint32_t flags = 0;
  Bytes lmResponse;
  Bytes ntResponse;
  Bytes domain;       // already encoded (UTF-16LE or OEM)
  Bytes user;         // likewise
  Bytes workstation;  // likewise
  Bytes encryptedRandomSessionKey;
  bool versionSlot = false;
  std::optional<Version> version;  // written into the slot; zeros without
  bool micSlot = false;
  std::array<Type3Field, 6> payloadOrder{Type3Field::kDomain,      Type3Field::kUser,
                                         Type3Field::kWorkstation, Type3Field::kLm,
                                         Type3Field::kNt,          Type3Field::kSessionKey};
};
inline constexpr std::size_t kMicOffset = 72;
Bytes encodeAuthenticate(const AuthenticateLayout& layout);

// A name as the negotiated character set carries it: UTF-16LE with kUnicode, else OEM bytes.
Bytes encodeName(std::string_view text, std::uint32_t negotiatedFlags);

}  // namespace authreplay::auth::ntlm
