// SPNEGO tokens as they travel under `Negotiate` (RFC 4559 §4): one codec for the runner (leg
// labels, assertions) and fixtures/iis-sim (which acceptor state a token belongs to).
//
//   InitialContextToken (RFC 2743 §3.1)          NegTokenResp (RFC 4178 §4.2.2)
//   +------+-----+------+-----+--------------+   +------+-----+--------------------------------+
//   | 0x60 | len | 0x06 | len | 1.3.6.1.5.5.2|   | 0xa1 | len | SEQUENCE {                     |
//   +------+-----+------+-----+--------------+   |      |     |  [0] negState ENUMERATED  opt  |
//   | [0] NegTokenInit (RFC 4178 §4.2.1):     |   |      |     |  [1] supportedMech OID    opt  |
//   |   SEQUENCE { [0] mechTypes SEQUENCE OF  |   |      |     |  [2] responseToken OCTETS opt  |
//   |     OID, [1] reqFlags opt, [2] mechToken|   |      |     |  [3] mechListMIC OCTETS   opt  |
//   |     OCTETS opt, [3] mechListMIC opt }   |   |      |     | }                              |
//   +-----------------------------------------+   +------+-----+--------------------------------+
//
// MS-SPNG 2.2.1 NegTokenInit2 puts negHints at [3] and mechListMIC at [4]; both are accepted.
// A raw Kerberos token (the krb5 OID instead of SPNEGO's) is what most browsers send under
// Negotiate (kerberos_token.h); a raw NTLMSSP message is recognised by ntlm::messageType.
// Every tag and length is bounds-checked (der_reader.h); damage is a DecodeError (decoded.h)
// naming the byte.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/decoded.h"

namespace authreplay::auth {

// What kind of token came under `Authorization: Negotiate`, from its outer framing only (the
// simulator picks its acceptor state with this; a full decode is spnego::decode*).
enum class SpnegoTokenKind {
  kSpnegoInit,      // starts a SPNEGO handshake
  kSpnegoResponse,  // continues one (e.g. NTLM Type 3 wrapped in SPNEGO)
  kKerberos,        // raw Kerberos initial token (1.2.840.113554.1.2.2 or Microsoft's OID)
  kOther,           // anything else, including truncated framing
};

SpnegoTokenKind classifyNegotiateToken(std::span<const std::uint8_t> token);

namespace spnego {

// RFC 4178 §4.2.2.
enum class NegState : std::uint8_t {
  kAcceptCompleted = 0,
  kAcceptIncomplete = 1,
  kReject = 2,
  kRequestMic = 3,
};

// "accept-completed", "accept-incomplete", "reject", "request-mic" (RFC 4178's spelling).
std::string_view negStateName(NegState state);

using Oid = std::vector<std::uint8_t>;  // DER contents octets; see mech_oid.h for names

struct NegTokenInit {
  std::vector<Oid> mechTypes;                          // in the initiator's preference order
  std::optional<std::vector<std::uint8_t>> mechToken;  // the optimistic token of mechTypes[0]
  bool hasReqFlags = false;
  bool hasNegHints = false;  // MS-SPNG NegTokenInit2 (server-initiated); not sent by browsers
  bool hasMechListMic = false;
  // The DER MechTypeList (tag and length included) as sent: what mechListMIC signs (RFC 4178 §5).
  std::vector<std::uint8_t> mechTypesDer;
  std::optional<std::vector<std::uint8_t>> mechListMic;
};

struct NegTokenResp {
  std::optional<NegState> negState;
  std::optional<Oid> supportedMech;
  std::optional<std::vector<std::uint8_t>> responseToken;
  bool hasMechListMic = false;
  std::optional<std::vector<std::uint8_t>> mechListMic;
};

// The whole InitialContextToken: 0x60 framing with the SPNEGO OID, then [0] NegTokenInit.
Decoded<NegTokenInit> decodeNegTokenInit(std::span<const std::uint8_t> token);
// A continuation token: [1] NegTokenResp, unframed (RFC 4178 §4.2).
Decoded<NegTokenResp> decodeNegTokenResp(std::span<const std::uint8_t> token);

// Encoders, the inverse of the decoders above (DER, RFC 4178 §4.2), for the project's own
// SPNEGO framing around its NTLM (README "Token producers").
std::vector<std::uint8_t> encodeMechTypeList(const std::vector<Oid>& mechTypes);
// InitialContextToken { SPNEGO, [0] NegTokenInit { [0] mechTypes, [2] mechToken? } }.
std::vector<std::uint8_t> encodeNegTokenInit(const std::vector<Oid>& mechTypes,
                                             std::span<const std::uint8_t> mechToken);
// [1] NegTokenResp { [0] negState?, [1] supportedMech?, [2] responseToken?, [3] mechListMIC? }.
std::vector<std::uint8_t> encodeNegTokenResp(
    std::optional<NegState> negState, const std::optional<Oid>& supportedMech,
    const std::optional<std::vector<std::uint8_t>>& responseToken,
    const std::optional<std::vector<std::uint8_t>>& mechListMic);

}  // namespace spnego
}  // namespace authreplay::auth
