// Recognises Kerberos GSS-API tokens (RFC 4121 §4.1) well enough to label a Negotiate leg
// `Negotiate(Kerberos)/AP-REQ` or `/AP-REP`: the generic framing with the Kerberos mechanism OID,
// then the two-octet TOK_ID, then the Kerberos message's own [APPLICATION n] tag (RFC 4120 §5.5):
//
//   +------+--------+------+------+-----------------+--------+-----------------------------+
//   | 0x60 | length | 0x06 | 0x09 | 1.2.840.113554. | TOK_ID | KRB_AP_REQ  [APPLICATION 14]|
//   |      |        |      |      | 1.2.2 (or MS's) | 01 00  | KRB_AP_REP  [APPLICATION 15]|
//   |      |        |      |      |                 | 02 00  | KRB_ERROR   [APPLICATION 30]|
//   |      |        |      |      |                 | 03 00  |                             |
//   +------+--------+------+------+-----------------+--------+-----------------------------+
//
// No ticket is decrypted or parsed further; every length is bounds-checked (der_reader.h).
// Some acceptors send the AP-REP without the framing (RFC 4121 §4.1 allows it for tokens other
// than the initial one); a bare [APPLICATION 15] is recognised as `framed == false`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace authreplay::auth::kerberos {

enum class MessageType { kApReq, kApRep, kError };

struct Token {
  MessageType type = MessageType::kApReq;
  bool microsoftOid = false;  // framed under 1.2.840.48018.1.2.2
  bool framed = true;         // carried the RFC 4121 §4.1 framing and TOK_ID
};

// The Kerberos message inside TOKEN's RFC 4121 §4.1 framing, with its TOK_ID (its first octet);
// nullopt when TOKEN is not one whole framing under a Kerberos mechanism OID.
struct Framed {
  std::uint8_t tokId = 0;
  bool microsoftOid = false;
  std::span<const std::uint8_t> message;  // after TOK_ID
};
std::optional<Framed> unframe(std::span<const std::uint8_t> token);

// The token's Kerberos message, or nullopt when it is not a (well-formed outer) Kerberos token.
std::optional<Token> recognise(std::span<const std::uint8_t> token);

// "AP-REQ", "AP-REP", "KRB-ERROR".
std::string_view messageName(MessageType type);

}  // namespace authreplay::auth::kerberos
