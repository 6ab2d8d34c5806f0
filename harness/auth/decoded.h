// What a decoder of peer bytes returns: the decoded value, or a DecodeError saying which field or
// byte was wrong. One type for every codec here (NTLM messages, ntlm_message.h; SPNEGO tokens,
// spnego_token.h) and for their users (ntlm/, the runner's leg labels, fixtures/iis-sim), so a bad
// NTLM offset and a bad SPNEGO length are handled, and reported, the same way:
//
//   auto decoded = ntlm::decodeChallenge(bytes);
//   if (const auto* error = std::get_if<DecodeError>(&decoded)) {
//     return refuse("Type 2: " + error->message);   // the caller adds what it was decoding
//   }
//   const auto& challenge = std::get<ntlm::ChallengeMessage>(decoded);
//
// A plain std::variant rather than a class: decoders are pure functions whose callers branch once
// and take the value, which std::get_if / std::get say directly. The byte offset of the damage is
// part of the message ("... at byte 32") rather than a field: nothing acts on it but a reader.
//
// auth::Result<T> (token_producer.h) is the producers' value-or-error and stays separate on
// purpose: its ProducerError names the handshake step and carries GSSAPI's major/minor status,
// which a codec knows nothing of. Where a producer decodes a server's token, the DecodeError's
// message becomes the ProducerError's status: ProducerError{"SPNEGO NegTokenResp", error->message}.
#pragma once

#include <string>
#include <variant>

namespace authreplay::auth {

struct DecodeError {
  // e.g. "DomainNameFields: offset 900 + length 12 outside the payload (bytes 32..32)",
  //      "NegTokenInit.mechToken: length 127 runs past the end at byte 32 (42 bytes left)"
  std::string message;
};

template <typename T>
using Decoded = std::variant<T, DecodeError>;

}  // namespace authreplay::auth
