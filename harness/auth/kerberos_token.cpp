#include "auth/kerberos_token.h"

#include <algorithm>

#include "auth/der_reader.h"
#include "auth/mech_oid.h"

namespace authreplay::auth::kerberos {
namespace {

// The [APPLICATION n] constructed tag that goes with each TOK_ID (RFC 4120 §5.5.1, §5.5.2, §5.9.1).
struct Kind {
  std::uint8_t tokId;
  std::uint8_t applicationTag;
  MessageType type;
};
constexpr Kind kKinds[] = {{0x01, 0x6e, MessageType::kApReq},
                           {0x02, 0x6f, MessageType::kApRep},
                           {0x03, 0x7e, MessageType::kError}};

// The Kerberos message at `bytes` must be one whole DER element with the expected tag.
bool wholeElement(std::span<const std::uint8_t> bytes, std::uint8_t tag) {
  der::Reader reader(bytes);
  const auto element = reader.expect(tag, "Kerberos message");
  return element && reader.atEnd();
}

}  // namespace

std::optional<Framed> unframe(std::span<const std::uint8_t> token) {
  der::Reader outer(token);
  const auto framing = outer.expect(0x60, "InitialContextToken");
  if (!framing || !outer.atEnd()) {
    return std::nullopt;
  }
  der::Reader inner = der::Reader::over(*framing);
  const auto mech = inner.expect(0x06, "thisMech");
  if (!mech || !oid::isKerberos(mech->value)) {
    return std::nullopt;
  }
  // What follows the OID is not DER-framed: TOK_ID (2 octets) then the Kerberos message.
  const auto rest =
      framing->value.subspan(mech->valueOffset - framing->valueOffset + mech->value.size());
  if (rest.size() < 3 || rest[1] != 0x00) {
    return std::nullopt;
  }
  return Framed{rest[0],
                !std::equal(oid::kKerberos.begin(), oid::kKerberos.end(), mech->value.begin()),
                rest.subspan(2)};
}

std::optional<Token> recognise(std::span<const std::uint8_t> token) {
  if (!token.empty() && token[0] == 0x6f && wholeElement(token, 0x6f)) {
    return Token{MessageType::kApRep, false, false};
  }
  const auto framed = unframe(token);
  if (!framed) {
    return std::nullopt;
  }
  for (const Kind& kind : kKinds) {
    if (framed->tokId == kind.tokId && wholeElement(framed->message, kind.applicationTag)) {
      return Token{kind.type, framed->microsoftOid, true};
    }
  }
  return std::nullopt;
}

std::string_view messageName(MessageType type) {
  switch (type) {
    case MessageType::kApReq:
      return "AP-REQ";
    case MessageType::kApRep:
      return "AP-REP";
    case MessageType::kError:
      return "KRB-ERROR";
  }
  return "?";
}

}  // namespace authreplay::auth::kerberos
