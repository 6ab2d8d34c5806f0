// NTLM messages (MS-NLMP 2.2.1) as they travel base64-decoded in `Authorization: NTLM <token>` and
// `WWW-Authenticate: NTLM <token>`: type detection and bounds-checked decoders of the fields a
// harness reports (flags, names, version, target info). This is the reader; the NTLM
// implementation that computes and checks (initiator, acceptor, keys) is in ntlm/.
//
// Every length and offset comes from the peer, so every field is checked against the message
// size before it is read (as curl's lib/vauth/ntlm.c does); a bad field is a DecodeError
// (decoded.h), never an out-of-bounds read.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/decoded.h"

namespace authreplay::auth::ntlm {

// "NTLMSSP\0" (MS-NLMP 2.2.1.1 Signature).
inline constexpr std::array<std::uint8_t, 8> kSignature{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

enum class MessageType : std::uint32_t {
  kNegotiate = 1,     // Type 1, client -> server
  kChallenge = 2,     // Type 2, server -> client
  kAuthenticate = 3,  // Type 3, client -> server
};

// NegotiateFlags (MS-NLMP 2.2.2.5); the ones this project looks at.
namespace flags {
inline constexpr std::uint32_t kUnicode = 0x00000001;
inline constexpr std::uint32_t kOem = 0x00000002;
inline constexpr std::uint32_t kRequestTarget = 0x00000004;
inline constexpr std::uint32_t kSign = 0x00000010;
inline constexpr std::uint32_t kLmKey = 0x00000080;
inline constexpr std::uint32_t kSeal = 0x00000020;
inline constexpr std::uint32_t kNtlm = 0x00000200;
inline constexpr std::uint32_t kAnonymous = 0x00000800;
inline constexpr std::uint32_t kOemDomainSupplied = 0x00001000;
inline constexpr std::uint32_t kOemWorkstationSupplied = 0x00002000;
inline constexpr std::uint32_t kAlwaysSign = 0x00008000;
inline constexpr std::uint32_t kTargetTypeDomain = 0x00010000;
inline constexpr std::uint32_t kTargetTypeServer = 0x00020000;
inline constexpr std::uint32_t kExtendedSessionSecurity = 0x00080000;
inline constexpr std::uint32_t kIdentify = 0x00100000;
inline constexpr std::uint32_t kNonNtSessionKey = 0x00400000;
inline constexpr std::uint32_t kTargetInfo = 0x00800000;
inline constexpr std::uint32_t kVersion = 0x02000000;
inline constexpr std::uint32_t k128 = 0x20000000;
inline constexpr std::uint32_t kKeyExchange = 0x40000000;
inline constexpr std::uint32_t k56 = 0x80000000;
}  // namespace flags

// AV_PAIR AvId values (MS-NLMP 2.2.2.1).
enum class AvId : std::uint16_t {
  kEol = 0,
  kNbComputerName = 1,
  kNbDomainName = 2,
  kDnsComputerName = 3,
  kDnsDomainName = 4,
  kDnsTreeName = 5,
  kFlags = 6,
  kTimestamp = 7,
  kSingleHost = 8,
  kTargetName = 9,
  kChannelBindings = 10,
};

// VERSION (MS-NLMP 2.2.2.10): debugging information, present when NTLMSSP_NEGOTIATE_VERSION is set.
struct Version {
  std::uint8_t major = 0;
  std::uint8_t minor = 0;
  std::uint16_t build = 0;
  std::uint8_t ntlmRevision = 0;  // 15 = NTLMSSP_REVISION_W2K3
  friend bool operator==(const Version&, const Version&) = default;
};

struct AvPair {
  std::uint16_t id = 0;  // an AvId, kept raw so unknown ids survive
  std::vector<std::uint8_t> value;
};

struct NegotiateMessage {
  std::uint32_t negotiateFlags = 0;
  std::optional<std::string> domain;       // OEM, only when kOemDomainSupplied
  std::optional<std::string> workstation;  // OEM, only when kOemWorkstationSupplied
  std::optional<Version> version;          // only when kVersion is set and the field is there
  bool hasVersionSlot = false;             // the 8 bytes at offset 32 exist (length >= 40)
};

struct ChallengeMessage {
  std::uint32_t negotiateFlags = 0;
  std::string targetName;  // UTF-8 (decoded from UTF-16LE or OEM per kUnicode)
  std::array<std::uint8_t, 8> serverChallenge{};
  std::vector<AvPair> targetInfo;  // without the terminating MsvAvEOL
  std::optional<Version> version;
};

struct AuthenticateMessage {
  std::uint32_t negotiateFlags = 0;
  std::string domain;       // UTF-8
  std::string user;         // UTF-8
  std::string workstation;  // UTF-8
  std::size_t lmResponseLength = 0;
  std::size_t ntResponseLength = 0;  // > 24 means NTLMv2 (MS-NLMP 2.2.2.8)
  std::size_t sessionKeyLength = 0;
  std::optional<Version> version;
  bool hasMic = false;  // the 16-byte MIC slot at offset 72 lies before the payload
  // The raw fields, for the acceptor's checks (ntlm/ntlm_acceptor.h).
  std::vector<std::uint8_t> lmResponse;
  std::vector<std::uint8_t> ntResponse;
  std::vector<std::uint8_t> encryptedRandomSessionKey;
  std::size_t payloadStart = 0;  // lowest offset of a non-empty payload field (or the size)
};

// The message type when `bytes` starts with the NTLMSSP signature and a known type, else nullopt.
std::optional<MessageType> messageType(std::span<const std::uint8_t> bytes);

// "NTLM/1", "NTLM/2", "NTLM/3"; "NTLM/?" when not an NTLM message. For leg labels in reports.
std::string legLabel(std::span<const std::uint8_t> bytes);

Decoded<NegotiateMessage> decodeNegotiate(std::span<const std::uint8_t> bytes);
Decoded<ChallengeMessage> decodeChallenge(std::span<const std::uint8_t> bytes);
Decoded<AuthenticateMessage> decodeAuthenticate(std::span<const std::uint8_t> bytes);

// AV_PAIRs (MS-NLMP 2.2.2.1) up to and excluding MsvAvEOL, e.g. those inside an NTLMv2 response.
Decoded<std::vector<AvPair>> decodeAvPairList(std::span<const std::uint8_t> bytes);

// The value of the first AV pair with `id`, if any.
const AvPair* findAvPair(const std::vector<AvPair>& pairs, AvId id);

// UTF-16LE (as NTLM carries names when kUnicode is negotiated) to UTF-8; nullopt on an odd length
// or unpaired surrogate.
std::optional<std::string> utf16leToUtf8(std::span<const std::uint8_t> bytes);

}  // namespace authreplay::auth::ntlm
