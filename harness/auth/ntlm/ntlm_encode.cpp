#include "auth/ntlm/ntlm_encode.h"

#include <stdexcept>

#include "auth/ntlm/ntlm_keys.h"

namespace authreplay::auth::ntlm {
namespace {

void putU16(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}

void putU32(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
}

void setU16(Bytes& out, std::size_t at, std::uint16_t value) {
  out[at] = static_cast<std::uint8_t>(value);
  out[at + 1] = static_cast<std::uint8_t>(value >> 8);
}

void setU32(Bytes& out, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) {
    out[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

void putHeader(Bytes& out, MessageType type) {
  out.insert(out.end(), kSignature.begin(), kSignature.end());
  putU32(out, static_cast<std::uint32_t>(type));
}

void putVersion(Bytes& out, const std::optional<Version>& version) {
  const Version v = version.value_or(Version{});
  out.push_back(v.major);
  out.push_back(v.minor);
  putU16(out, v.build);
  out.insert(out.end(), 3, 0);
  out.push_back(v.ntlmRevision);
}

// Writes a Len|MaxLen|Offset descriptor at `at` for `length` bytes at `offset`.
void setField(Bytes& out, std::size_t at, std::size_t length, std::size_t offset) {
  if (length > 0xFFFF || offset > 0xFFFFFFFFu) {
    throw std::length_error("NTLM field longer than 65535 bytes");
  }
  setU16(out, at, static_cast<std::uint16_t>(length));
  setU16(out, at + 2, static_cast<std::uint16_t>(length));
  setU32(out, at + 4, static_cast<std::uint32_t>(offset));
}

}  // namespace

AvPair avPair(AvId id, Bytes value) {
  return AvPair{static_cast<std::uint16_t>(id), std::move(value)};
}

AvPair avPairUtf16(AvId id, std::string_view text) {
  return avPair(id, utf16le(text));
}

AvPair avPairU32(AvId id, std::uint32_t value) {
  Bytes bytes;
  putU32(bytes, value);
  return avPair(id, std::move(bytes));
}

AvPair avPairU64(AvId id, std::uint64_t value) {
  Bytes bytes;
  putU32(bytes, static_cast<std::uint32_t>(value));
  putU32(bytes, static_cast<std::uint32_t>(value >> 32));
  return avPair(id, std::move(bytes));
}

Bytes encodeAvPairs(const std::vector<AvPair>& pairs) {
  Bytes out;
  for (const AvPair& pair : pairs) {
    if (pair.value.size() > 0xFFFF) {
      throw std::length_error("AV pair longer than 65535 bytes");
    }
    putU16(out, pair.id);
    putU16(out, static_cast<std::uint16_t>(pair.value.size()));
    out.insert(out.end(), pair.value.begin(), pair.value.end());
  }
  putU16(out, static_cast<std::uint16_t>(AvId::kEol));
  putU16(out, 0);
  return out;
}

Bytes encodeName(std::string_view text, std::uint32_t negotiatedFlags) {
  if ((negotiatedFlags & flags::kUnicode) != 0) {
    return utf16le(text);
  }
  return Bytes(text.begin(), text.end());
}

Bytes encodeNegotiate(const NegotiateLayout& layout) {
  Bytes out;
  putHeader(out, MessageType::kNegotiate);
  putU32(out, layout.flags);
  out.resize(32, 0);
  setField(out, 16, 0, layout.emptyFieldOffset);
  setField(out, 24, 0, layout.emptyFieldOffset);
  if (layout.version) {
    putVersion(out, layout.version);
  }
  return out;
}

Bytes encodeChallenge(const ChallengeLayout& layout) {
  Bytes out;
  putHeader(out, MessageType::kChallenge);
  out.resize(20, 0);  // TargetNameFields, set below
  putU32(out, layout.flags);
  out.insert(out.end(), layout.serverChallenge.begin(), layout.serverChallenge.end());
  out.resize(48, 0);  // Reserved (8) and TargetInfoFields (set below)
  if (layout.version) {
    putVersion(out, layout.version);
  }
  const Bytes name = encodeName(layout.targetName, layout.flags);
  setField(out, 12, name.size(), out.size());
  out.insert(out.end(), name.begin(), name.end());
  setField(out, 40, layout.targetInfo.size(), out.size());
  out.insert(out.end(), layout.targetInfo.begin(), layout.targetInfo.end());
  return out;
}

Bytes encodeAuthenticate(const AuthenticateLayout& layout) {
  Bytes out;
  putHeader(out, MessageType::kAuthenticate);
  out.resize(60, 0);  // six field descriptors, set below
  putU32(out, layout.flags);
  if (layout.versionSlot || layout.micSlot) {
    putVersion(out, layout.version);
  }
  if (layout.micSlot) {
    out.resize(kMicOffset + 16, 0);
  }
  const auto descriptorOf = [](Type3Field field) -> std::size_t {
    switch (field) {
      case Type3Field::kLm:
        return 12;
      case Type3Field::kNt:
        return 20;
      case Type3Field::kDomain:
        return 28;
      case Type3Field::kUser:
        return 36;
      case Type3Field::kWorkstation:
        return 44;
      case Type3Field::kSessionKey:
        return 52;
    }
    return 0;
  };
  const auto bytesOf = [&layout](Type3Field field) -> const Bytes& {
    switch (field) {
      case Type3Field::kLm:
        return layout.lmResponse;
      case Type3Field::kNt:
        return layout.ntResponse;
      case Type3Field::kDomain:
        return layout.domain;
      case Type3Field::kUser:
        return layout.user;
      case Type3Field::kWorkstation:
        return layout.workstation;
      case Type3Field::kSessionKey:
        break;
    }
    return layout.encryptedRandomSessionKey;
  };
  for (const Type3Field field : layout.payloadOrder) {
    const Bytes& value = bytesOf(field);
    setField(out, descriptorOf(field), value.size(), out.size());
    out.insert(out.end(), value.begin(), value.end());
  }
  return out;
}

}  // namespace authreplay::auth::ntlm
