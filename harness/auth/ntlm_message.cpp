#include "auth/ntlm_message.h"

#include <algorithm>
#include <cstring>

#include "text/utf8.h"

namespace authreplay::auth::ntlm {
namespace {

// Every multi-byte integer in NTLM is little-endian (MS-NLMP 2.2).
std::uint16_t readU16(std::span<const std::uint8_t> bytes, std::size_t offset) {
  return static_cast<std::uint16_t>(bytes[offset] | (bytes[offset + 1] << 8));
}

std::uint32_t readU32(std::span<const std::uint8_t> bytes, std::size_t offset) {
  return std::uint32_t{bytes[offset]} | (std::uint32_t{bytes[offset + 1]} << 8) |
         (std::uint32_t{bytes[offset + 2]} << 16) | (std::uint32_t{bytes[offset + 3]} << 24);
}

// A payload field descriptor (MS-NLMP 2.2.1.1 DomainNameFields and friends):
//
//   +--------+-----------+---------------------+
//   | Len(2) | MaxLen(2) | BufferOffset(4)     |   all little-endian; MaxLen is ignored
//   +--------+-----------+---------------------+
//
// The field's bytes are message[BufferOffset .. BufferOffset + Len).
struct FieldRef {
  std::uint16_t length = 0;
  std::uint32_t offset = 0;
};

FieldRef readFieldRef(std::span<const std::uint8_t> bytes, std::size_t at) {
  return FieldRef{readU16(bytes, at), readU32(bytes, at + 4)};
}

// The bytes of a payload field, checked: an empty field is valid wherever its offset points
// (clients leave garbage there); a non-empty one must lie wholly inside the message and must not
// overlap the fixed header (`payloadStart`), which is what gss-ntlmssp and Windows insist on.
Decoded<std::span<const std::uint8_t>> fieldBytes(std::span<const std::uint8_t> bytes,
                                                  const FieldRef& field, std::size_t payloadStart,
                                                  std::string_view name) {
  if (field.length == 0) {
    return std::span<const std::uint8_t>{};
  }
  // 64-bit arithmetic: offset (32 bits) + length (16 bits) cannot overflow.
  const std::uint64_t end = std::uint64_t{field.offset} + field.length;
  if (field.offset < payloadStart || end > bytes.size()) {
    return DecodeError{std::string(name) + ": offset " + std::to_string(field.offset) +
                       " + length " + std::to_string(field.length) +
                       " outside the payload (bytes " + std::to_string(payloadStart) + ".." +
                       std::to_string(bytes.size()) + ")"};
  }
  return bytes.subspan(field.offset, field.length);
}

// OEM strings (NTLMSSP_NEGOTIATE_OEM): the harness only ever meets ASCII here; bytes >= 0x80 are
// taken as Latin-1 so that nothing is lost.
std::string oemToUtf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (const std::uint8_t b : bytes) {
    text::appendUtf8(out, b);
  }
  return out;
}

Decoded<std::string> decodeName(std::span<const std::uint8_t> bytes, std::uint32_t negotiateFlags,
                                std::string_view name) {
  if ((negotiateFlags & flags::kUnicode) == 0) {
    return oemToUtf8(bytes);
  }
  auto text = utf16leToUtf8(bytes);
  if (!text) {
    return DecodeError{std::string(name) + ": not valid UTF-16LE"};
  }
  return *std::move(text);
}

Version readVersion(std::span<const std::uint8_t> bytes, std::size_t at) {
  // VERSION (MS-NLMP 2.2.2.10):
  //   +----------+----------+----------+--------------+--------------+
  //   | Major(1) | Minor(1) | Build(2) | Reserved(3)  | Revision(1)  |
  //   +----------+----------+----------+--------------+--------------+
  return Version{bytes[at], bytes[at + 1], readU16(bytes, at + 2), bytes[at + 7]};
}

// Checks the signature and type; the common prefix of all three messages:
//   +------------------------------+--------------------+
//   | Signature "NTLMSSP\0" (8)    | MessageType (4)    |
//   +------------------------------+--------------------+
std::optional<DecodeError> checkHeader(std::span<const std::uint8_t> bytes, MessageType expected,
                                       std::size_t minimumLength) {
  const auto type = messageType(bytes);
  if (!type) {
    return DecodeError{"not an NTLMSSP message"};
  }
  if (*type != expected) {
    return DecodeError{"expected NTLM type " + std::to_string(static_cast<int>(expected)) +
                       ", got type " + std::to_string(static_cast<int>(*type))};
  }
  if (bytes.size() < minimumLength) {
    return DecodeError{"truncated: " + std::to_string(bytes.size()) + " bytes, at least " +
                       std::to_string(minimumLength) + " needed"};
  }
  return std::nullopt;
}

// Decodes AV_PAIRs (MS-NLMP 2.2.2.1) up to MsvAvEOL:
//   +-----------+-----------+------------------+
//   | AvId (2)  | AvLen (2) | Value (AvLen)    |  ... repeated, ending with AvId 0, AvLen 0
//   +-----------+-----------+------------------+
Decoded<std::vector<AvPair>> decodeAvPairs(std::span<const std::uint8_t> bytes) {
  std::vector<AvPair> pairs;
  std::size_t at = 0;
  while (true) {
    if (bytes.size() - at < 4) {
      return DecodeError{"TargetInfo: AV pair header beyond the field at byte " +
                         std::to_string(at)};
    }
    const std::uint16_t id = readU16(bytes, at);
    const std::uint16_t length = readU16(bytes, at + 2);
    at += 4;
    if (id == static_cast<std::uint16_t>(AvId::kEol)) {
      return pairs;
    }
    if (bytes.size() - at < length) {
      return DecodeError{"TargetInfo: AV pair " + std::to_string(id) + " of " +
                         std::to_string(length) + " bytes runs past the field"};
    }
    pairs.push_back(AvPair{id,
                           {bytes.begin() + static_cast<std::ptrdiff_t>(at),
                            bytes.begin() + static_cast<std::ptrdiff_t>(at + length)}});
    at += length;
  }
}

}  // namespace

std::optional<MessageType> messageType(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 12 || !std::equal(kSignature.begin(), kSignature.end(), bytes.begin())) {
    return std::nullopt;
  }
  const std::uint32_t type = readU32(bytes, 8);
  if (type < 1 || type > 3) {
    return std::nullopt;
  }
  return static_cast<MessageType>(type);
}

std::string legLabel(std::span<const std::uint8_t> bytes) {
  const auto type = messageType(bytes);
  return type ? "NTLM/" + std::to_string(static_cast<int>(*type)) : std::string("NTLM/?");
}

// NEGOTIATE_MESSAGE (MS-NLMP 2.2.1.1):
//
//   offset  +-------------------------------------------+
//        0  | Signature "NTLMSSP\0"                 (8) |
//        8  | MessageType = 1                       (4) |
//       12  | NegotiateFlags                        (4) |
//       16  | DomainNameFields       Len|MaxLen|Off (8) |
//       24  | WorkstationFields      Len|MaxLen|Off (8) |
//       32  | Version (only with NEGOTIATE_VERSION) (8) |
//   32/40   | Payload (OEM domain, OEM workstation)     |
//           +-------------------------------------------+
//
// curl/libcurl and Chromium send the 32-byte form: no Version, no payload (IIS-FACTS.md §8).
Decoded<NegotiateMessage> decodeNegotiate(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kFixed = 32;
  if (auto error = checkHeader(bytes, MessageType::kNegotiate, kFixed)) {
    return *error;
  }
  NegotiateMessage message;
  message.negotiateFlags = readU32(bytes, 12);
  message.hasVersionSlot = bytes.size() >= kFixed + 8;
  if ((message.negotiateFlags & flags::kVersion) != 0 && message.hasVersionSlot) {
    message.version = readVersion(bytes, kFixed);
  }
  // The payload starts at 32 whether or not a Version is present: with NEGOTIATE_VERSION a field
  // pointing into 32..40 would overlap the version, but gss-ntlmssp and Windows accept either.
  if ((message.negotiateFlags & flags::kOemDomainSupplied) != 0) {
    auto field = fieldBytes(bytes, readFieldRef(bytes, 16), kFixed, "DomainNameFields");
    if (auto* error = std::get_if<DecodeError>(&field)) {
      return *error;
    }
    message.domain = oemToUtf8(std::get<std::span<const std::uint8_t>>(field));
  }
  if ((message.negotiateFlags & flags::kOemWorkstationSupplied) != 0) {
    auto field = fieldBytes(bytes, readFieldRef(bytes, 24), kFixed, "WorkstationFields");
    if (auto* error = std::get_if<DecodeError>(&field)) {
      return *error;
    }
    message.workstation = oemToUtf8(std::get<std::span<const std::uint8_t>>(field));
  }
  return message;
}

// CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2):
//
//   offset  +-------------------------------------------+
//        0  | Signature "NTLMSSP\0"                 (8) |
//        8  | MessageType = 2                       (4) |
//       12  | TargetNameFields       Len|MaxLen|Off (8) |
//       20  | NegotiateFlags                        (4) |
//       24  | ServerChallenge                       (8) |
//       32  | Reserved                              (8) |
//       40  | TargetInfoFields       Len|MaxLen|Off (8) |
//       48  | Version (only with NEGOTIATE_VERSION) (8) |
//   48/56   | Payload (TargetName, TargetInfo AV pairs) |
//           +-------------------------------------------+
//
// Old servers stop after ServerChallenge (32 bytes); then there is no target info.
Decoded<ChallengeMessage> decodeChallenge(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kShort = 32;
  constexpr std::size_t kFixed = 48;
  if (auto error = checkHeader(bytes, MessageType::kChallenge, kShort)) {
    return *error;
  }
  ChallengeMessage message;
  message.negotiateFlags = readU32(bytes, 20);
  std::copy_n(bytes.begin() + 24, 8, message.serverChallenge.begin());
  const std::size_t payloadStart = bytes.size() >= kFixed ? kFixed : kShort;

  auto target = fieldBytes(bytes, readFieldRef(bytes, 12), payloadStart, "TargetNameFields");
  if (auto* error = std::get_if<DecodeError>(&target)) {
    return *error;
  }
  auto name = decodeName(std::get<std::span<const std::uint8_t>>(target), message.negotiateFlags,
                         "TargetName");
  if (auto* error = std::get_if<DecodeError>(&name)) {
    return *error;
  }
  message.targetName = std::get<std::string>(std::move(name));

  if (bytes.size() >= kFixed) {
    if ((message.negotiateFlags & flags::kVersion) != 0 && bytes.size() >= kFixed + 8) {
      message.version = readVersion(bytes, kFixed);
    }
    if ((message.negotiateFlags & flags::kTargetInfo) != 0) {
      auto info = fieldBytes(bytes, readFieldRef(bytes, 40), kFixed, "TargetInfoFields");
      if (auto* error = std::get_if<DecodeError>(&info)) {
        return *error;
      }
      const auto infoBytes = std::get<std::span<const std::uint8_t>>(info);
      if (!infoBytes.empty()) {
        auto pairs = decodeAvPairs(infoBytes);
        if (auto* error = std::get_if<DecodeError>(&pairs)) {
          return *error;
        }
        message.targetInfo = std::get<std::vector<AvPair>>(std::move(pairs));
      }
    }
  }
  return message;
}

// AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3):
//
//   offset  +-------------------------------------------+
//        0  | Signature "NTLMSSP\0"                 (8) |
//        8  | MessageType = 3                       (4) |
//       12  | LmChallengeResponseFields             (8) |
//       20  | NtChallengeResponseFields             (8) |
//       28  | DomainNameFields                      (8) |
//       36  | UserNameFields                        (8) |
//       44  | WorkstationFields                     (8) |
//       52  | EncryptedRandomSessionKeyFields       (8) |
//       60  | NegotiateFlags                        (4) |
//       64  | Version (only with NEGOTIATE_VERSION) (8) |
//       72  | MIC (when MsvAvFlags says so)        (16) |
//   64..88  | Payload                                   |
//           +-------------------------------------------+
//
// curl sends the 64-byte header (no Version, no MIC) and puts its payload at 64.
Decoded<AuthenticateMessage> decodeAuthenticate(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kFixed = 64;
  if (auto error = checkHeader(bytes, MessageType::kAuthenticate, kFixed)) {
    return *error;
  }
  AuthenticateMessage message;
  message.negotiateFlags = readU32(bytes, 60);

  struct Named {
    std::size_t at;
    std::string_view name;
  };
  constexpr std::array<Named, 6> kFields{{{12, "LmChallengeResponseFields"},
                                          {20, "NtChallengeResponseFields"},
                                          {28, "DomainNameFields"},
                                          {36, "UserNameFields"},
                                          {44, "WorkstationFields"},
                                          {52, "EncryptedRandomSessionKeyFields"}}};
  std::array<std::span<const std::uint8_t>, 6> values{};
  // Where the payload begins: the lowest offset of a non-empty field (or the end of the message).
  std::size_t payloadStart = bytes.size();
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    const FieldRef ref = readFieldRef(bytes, kFields[i].at);
    auto field = fieldBytes(bytes, ref, kFixed, kFields[i].name);
    if (auto* error = std::get_if<DecodeError>(&field)) {
      return *error;
    }
    values[i] = std::get<std::span<const std::uint8_t>>(field);
    if (ref.length != 0) {
      payloadStart = std::min<std::size_t>(payloadStart, ref.offset);
    }
  }
  message.lmResponse.assign(values[0].begin(), values[0].end());
  message.ntResponse.assign(values[1].begin(), values[1].end());
  message.encryptedRandomSessionKey.assign(values[5].begin(), values[5].end());
  message.payloadStart = payloadStart;
  message.lmResponseLength = values[0].size();
  message.ntResponseLength = values[1].size();
  message.sessionKeyLength = values[5].size();
  const struct {
    std::size_t index;
    std::string* target;
    std::string_view name;
  } names[] = {{2, &message.domain, "DomainName"},
               {3, &message.user, "UserName"},
               {4, &message.workstation, "Workstation"}};
  for (const auto& entry : names) {
    auto text = decodeName(values[entry.index], message.negotiateFlags, entry.name);
    if (auto* error = std::get_if<DecodeError>(&text)) {
      return *error;
    }
    *entry.target = std::get<std::string>(std::move(text));
  }
  if ((message.negotiateFlags & flags::kVersion) != 0 && payloadStart >= kFixed + 8) {
    message.version = readVersion(bytes, kFixed);
  }
  message.hasMic = payloadStart >= kFixed + 8 + 16;
  return message;
}

Decoded<std::vector<AvPair>> decodeAvPairList(std::span<const std::uint8_t> bytes) {
  auto pairs = decodeAvPairs(bytes);
  if (auto* error = std::get_if<DecodeError>(&pairs)) {
    return *error;
  }
  return std::get<std::vector<AvPair>>(std::move(pairs));
}

const AvPair* findAvPair(const std::vector<AvPair>& pairs, AvId id) {
  const auto it = std::find_if(pairs.begin(), pairs.end(), [id](const AvPair& pair) {
    return pair.id == static_cast<std::uint16_t>(id);
  });
  return it == pairs.end() ? nullptr : &*it;
}

std::optional<std::string> utf16leToUtf8(std::span<const std::uint8_t> bytes) {
  if (bytes.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(bytes.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    std::uint32_t unit = readU16(bytes, i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 4 > bytes.size()) {
        return std::nullopt;
      }
      const std::uint32_t low = readU16(bytes, i + 2);
      if (low < 0xDC00 || low > 0xDFFF) {
        return std::nullopt;
      }
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return std::nullopt;
    }
    text::appendUtf8(out, unit);
  }
  return out;
}

}  // namespace authreplay::auth::ntlm
