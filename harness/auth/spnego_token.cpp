#include "auth/spnego_token.h"

#include <cstdio>

#include "auth/der_reader.h"
#include "auth/mech_oid.h"

namespace authreplay::auth {

// Outer framing only, as the simulator needs it: a truncated or damaged body is left to GSSAPI,
// which answers SEC_E_INVALID_TOKEN with the real reason.
SpnegoTokenKind classifyNegotiateToken(std::span<const std::uint8_t> token) {
  der::Reader reader(token);
  const auto first = reader.peekTag();
  if (!first) {
    return SpnegoTokenKind::kOther;
  }
  if (*first == 0xa1) {
    return reader.next("NegTokenResp") ? SpnegoTokenKind::kSpnegoResponse : SpnegoTokenKind::kOther;
  }
  const auto framing = reader.expect(0x60, "InitialContextToken");
  if (!framing) {
    return SpnegoTokenKind::kOther;
  }
  der::Reader inner = der::Reader::over(*framing);
  const auto mech = inner.expect(0x06, "thisMech");
  if (!mech) {
    return SpnegoTokenKind::kOther;
  }
  if (oid::isSpnego(mech->value)) {
    return SpnegoTokenKind::kSpnegoInit;
  }
  if (oid::isKerberos(mech->value)) {
    return SpnegoTokenKind::kKerberos;
  }
  return SpnegoTokenKind::kOther;
}

namespace spnego {
namespace {

DecodeError failure(const der::Reader& reader) {
  return DecodeError{reader.error()};
}

// [n] EXPLICIT OCTET STRING: the contents of the inner OCTET STRING.
std::optional<std::vector<std::uint8_t>> octets(const der::Element& tagged, std::string_view what,
                                                std::string& error) {
  der::Reader reader = der::Reader::over(tagged);
  const auto inner = reader.expect(0x04, what);
  if (!inner || !reader.atEnd()) {
    error = inner
                ? std::string(what) + ": trailing bytes at byte " + std::to_string(reader.offset())
                : reader.error();
    return std::nullopt;
  }
  return std::vector<std::uint8_t>(inner->value.begin(), inner->value.end());
}

// [n] EXPLICIT OBJECT IDENTIFIER.
std::optional<Oid> objectId(const der::Element& tagged, std::string_view what, std::string& error) {
  der::Reader reader = der::Reader::over(tagged);
  const auto inner = reader.expect(0x06, what);
  if (!inner || !reader.atEnd() || inner->value.empty()) {
    error = inner ? std::string(what) + ": malformed OID at byte " + std::to_string(inner->offset)
                  : reader.error();
    return std::nullopt;
  }
  return Oid(inner->value.begin(), inner->value.end());
}

}  // namespace

std::string_view negStateName(NegState state) {
  switch (state) {
    case NegState::kAcceptCompleted:
      return "accept-completed";
    case NegState::kAcceptIncomplete:
      return "accept-incomplete";
    case NegState::kReject:
      return "reject";
    case NegState::kRequestMic:
      return "request-mic";
  }
  return "?";
}

Decoded<NegTokenInit> decodeNegTokenInit(std::span<const std::uint8_t> token) {
  der::Reader outer(token);
  const auto framing = outer.expect(0x60, "InitialContextToken");
  if (!framing) {
    return failure(outer);
  }
  if (!outer.atEnd()) {
    return DecodeError{"InitialContextToken: trailing bytes at byte " +
                       std::to_string(outer.offset())};
  }
  der::Reader body = der::Reader::over(*framing);
  const auto mech = body.expect(0x06, "thisMech");
  if (!mech) {
    return failure(body);
  }
  if (!oid::isSpnego(mech->value)) {
    return DecodeError{"thisMech is " + oid::mechanismName(mech->value) + ", not SPNEGO"};
  }
  const auto choice = body.expect(0xa0, "negTokenInit");
  if (!choice) {
    return failure(body);
  }
  der::Reader choiceReader = der::Reader::over(*choice);
  const auto sequence = choiceReader.expect(0x30, "NegTokenInit");
  if (!sequence) {
    return failure(choiceReader);
  }

  NegTokenInit message;
  der::Reader fields = der::Reader::over(*sequence);
  int lastTag = -1;
  while (!fields.atEnd()) {
    const auto field = fields.next("NegTokenInit field");
    if (!field) {
      return failure(fields);
    }
    const int number = field->tag - 0xa0;
    if (field->tag < 0xa0 || field->tag > 0xa4 || number <= lastTag) {
      char text[96];
      std::snprintf(text, sizeof text, "NegTokenInit: unexpected field tag 0x%02x at byte %zu",
                    field->tag, field->offset);
      return DecodeError{text};
    }
    lastTag = number;
    std::string error;
    switch (number) {
      case 0: {  // mechTypes: SEQUENCE OF MechType
        der::Reader list = der::Reader::over(*field);
        const auto types = list.expect(0x30, "NegTokenInit.mechTypes");
        if (!types || !list.atEnd()) {
          return DecodeError{types ? "NegTokenInit.mechTypes: trailing bytes" : list.error()};
        }
        message.mechTypesDer.assign(
            token.begin() + static_cast<std::ptrdiff_t>(types->offset),
            token.begin() + static_cast<std::ptrdiff_t>(types->valueOffset + types->value.size()));
        der::Reader oids = der::Reader::over(*types);
        while (!oids.atEnd()) {
          const auto mechType = oids.expect(0x06, "NegTokenInit.mechTypes[]");
          if (!mechType) {
            return failure(oids);
          }
          if (mechType->value.empty()) {
            return DecodeError{"NegTokenInit.mechTypes[]: empty OID at byte " +
                               std::to_string(mechType->offset)};
          }
          message.mechTypes.emplace_back(mechType->value.begin(), mechType->value.end());
        }
        break;
      }
      case 1:  // reqFlags: ContextFlags (BIT STRING); deprecated, only noted
        message.hasReqFlags = true;
        break;
      case 2:
        message.mechToken = octets(*field, "NegTokenInit.mechToken", error);
        if (!message.mechToken) {
          return DecodeError{error};
        }
        break;
      case 3: {
        // RFC 4178: mechListMIC OCTET STRING; MS-SPNG NegTokenInit2: negHints SEQUENCE.
        der::Reader inner = der::Reader::over(*field);
        const auto tag = inner.peekTag();
        if (tag == 0x30) {
          message.hasNegHints = true;
        } else if (!(message.mechListMic = octets(*field, "NegTokenInit.mechListMIC", error))) {
          return DecodeError{error};
        } else {
          message.hasMechListMic = true;
        }
        break;
      }
      case 4:  // MS-SPNG NegTokenInit2 mechListMIC
        if (!(message.mechListMic = octets(*field, "NegTokenInit.mechListMIC", error))) {
          return DecodeError{error};
        }
        message.hasMechListMic = true;
        break;
    }
  }
  if (message.mechTypes.empty()) {
    return DecodeError{"NegTokenInit: no mechTypes"};
  }
  return message;
}

Decoded<NegTokenResp> decodeNegTokenResp(std::span<const std::uint8_t> token) {
  der::Reader outer(token);
  const auto choice = outer.expect(0xa1, "negTokenResp");
  if (!choice) {
    return failure(outer);
  }
  if (!outer.atEnd()) {
    return DecodeError{"negTokenResp: trailing bytes at byte " + std::to_string(outer.offset())};
  }
  der::Reader choiceReader = der::Reader::over(*choice);
  const auto sequence = choiceReader.expect(0x30, "NegTokenResp");
  if (!sequence) {
    return failure(choiceReader);
  }
  NegTokenResp message;
  der::Reader fields = der::Reader::over(*sequence);
  int lastTag = -1;
  while (!fields.atEnd()) {
    const auto field = fields.next("NegTokenResp field");
    if (!field) {
      return failure(fields);
    }
    const int number = field->tag - 0xa0;
    if (field->tag < 0xa0 || field->tag > 0xa3 || number <= lastTag) {
      char text[96];
      std::snprintf(text, sizeof text, "NegTokenResp: unexpected field tag 0x%02x at byte %zu",
                    field->tag, field->offset);
      return DecodeError{text};
    }
    lastTag = number;
    std::string error;
    switch (number) {
      case 0: {  // negState ENUMERATED
        der::Reader inner = der::Reader::over(*field);
        const auto value = inner.expect(0x0a, "NegTokenResp.negState");
        if (!value) {
          return failure(inner);
        }
        if (value->value.size() != 1 || value->value[0] > 3) {
          return DecodeError{"NegTokenResp.negState: unknown value at byte " +
                             std::to_string(value->offset)};
        }
        message.negState = static_cast<NegState>(value->value[0]);
        break;
      }
      case 1:
        message.supportedMech = objectId(*field, "NegTokenResp.supportedMech", error);
        if (!message.supportedMech) {
          return DecodeError{error};
        }
        break;
      case 2:
        message.responseToken = octets(*field, "NegTokenResp.responseToken", error);
        if (!message.responseToken) {
          return DecodeError{error};
        }
        break;
      case 3:
        message.mechListMic = octets(*field, "NegTokenResp.mechListMIC", error);
        if (!message.mechListMic) {
          return DecodeError{error};
        }
        message.hasMechListMic = true;
        break;
    }
  }
  return message;
}

namespace {

using Bytes = std::vector<std::uint8_t>;

// One DER TLV (X.690 §8.1.3: short form below 128, else the long form with 1-3 length bytes).
Bytes tlv(std::uint8_t tag, std::span<const std::uint8_t> value) {
  Bytes out{tag};
  const std::size_t n = value.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else if (n < 0x10000) {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x83, static_cast<std::uint8_t>(n >> 16),
                           static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

void append(Bytes& out, const Bytes& part) {
  out.insert(out.end(), part.begin(), part.end());
}

}  // namespace

std::vector<std::uint8_t> encodeMechTypeList(const std::vector<Oid>& mechTypes) {
  Bytes oids;
  for (const Oid& mech : mechTypes) {
    append(oids, tlv(0x06, mech));
  }
  return tlv(0x30, oids);
}

std::vector<std::uint8_t> encodeNegTokenInit(const std::vector<Oid>& mechTypes,
                                             std::span<const std::uint8_t> mechToken) {
  Bytes fields = tlv(0xa0, encodeMechTypeList(mechTypes));
  if (!mechToken.empty()) {
    append(fields, tlv(0xa2, tlv(0x04, mechToken)));
  }
  Bytes body = tlv(0x06, oid::kSpnego);
  append(body, tlv(0xa0, tlv(0x30, fields)));
  return tlv(0x60, body);
}

std::vector<std::uint8_t> encodeNegTokenResp(
    std::optional<NegState> negState, const std::optional<Oid>& supportedMech,
    const std::optional<std::vector<std::uint8_t>>& responseToken,
    const std::optional<std::vector<std::uint8_t>>& mechListMic) {
  Bytes fields;
  if (negState) {
    const std::uint8_t value[] = {static_cast<std::uint8_t>(*negState)};
    append(fields, tlv(0xa0, tlv(0x0a, value)));
  }
  if (supportedMech) {
    append(fields, tlv(0xa1, tlv(0x06, *supportedMech)));
  }
  if (responseToken) {
    append(fields, tlv(0xa2, tlv(0x04, *responseToken)));
  }
  if (mechListMic) {
    append(fields, tlv(0xa3, tlv(0x04, *mechListMic)));
  }
  return tlv(0xa1, tlv(0x30, fields));
}

}  // namespace spnego
}  // namespace authreplay::auth
