#include "auth/ntlm/ntlm_keys.h"

#include <algorithm>
#include <string>

#include "auth/ntlm_message.h"
#include "text/utf8.h"

namespace authreplay::auth::ntlm {
namespace {

using text::appendUtf8;
using text::forEachCodePoint;

void putU32(Bytes& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
}

void putU64(Bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
  }
}

std::span<const std::uint8_t> bytesOf(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// Upper-cases one code point as RtlUpcaseUnicodeChar does for the ranges that matter here.
std::uint32_t upper(std::uint32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) ||
      (c >= 0x430 && c <= 0x44F)) {
    return c - 0x20;
  }
  if (c >= 0x450 && c <= 0x45F) {
    return c - 0x50;
  }
  return c;
}

}  // namespace

Bytes utf16le(std::string_view text) {
  Bytes out;
  out.reserve(text.size() * 2);
  const auto put = [&out](std::uint32_t unit) {
    out.push_back(static_cast<std::uint8_t>(unit));
    out.push_back(static_cast<std::uint8_t>(unit >> 8));
  };
  forEachCodePoint(text, [&](std::uint32_t code) {
    if (code >= 0x10000) {
      code -= 0x10000;
      put(0xD800 + (code >> 10));
      put(0xDC00 + (code & 0x3FF));
    } else {
      put(code);
    }
  });
  return out;
}

std::string upperUserName(std::string_view user) {
  std::string out;
  out.reserve(user.size());
  forEachCodePoint(user, [&](std::uint32_t code) { appendUtf8(out, upper(code)); });
  return out;
}

Digest16 ntowfV1(std::string_view password) {
  Bytes unicode = utf16le(password);
  const Digest16 hash = crypto::md4(unicode);
  std::fill(unicode.begin(), unicode.end(), 0);
  return hash;
}

Digest16 ntowfV2(const Digest16& ntHash, std::string_view user, std::string_view domain) {
  return crypto::HmacMd5(ntHash)
      .update(utf16le(upperUserName(user)))
      .update(utf16le(domain))
      .final();
}

Bytes ntlmV2ClientBlob(std::uint64_t timestamp, const Challenge8& clientChallenge,
                       std::span<const std::uint8_t> avPairs) {
  Bytes blob{0x01, 0x01, 0, 0, 0, 0, 0, 0};
  putU64(blob, timestamp);
  blob.insert(blob.end(), clientChallenge.begin(), clientChallenge.end());
  putU32(blob, 0);
  blob.insert(blob.end(), avPairs.begin(), avPairs.end());
  putU32(blob, 0);
  return blob;
}

Digest16 ntProofStr(const Digest16& responseKeyNt, const Challenge8& serverChallenge,
                    std::span<const std::uint8_t> clientBlob) {
  return crypto::HmacMd5(responseKeyNt).update(serverChallenge).update(clientBlob).final();
}

Digest16 sessionBaseKeyV2(const Digest16& responseKeyNt, const Digest16& proof) {
  return crypto::hmacMd5(responseKeyNt, proof);
}

std::array<std::uint8_t, 24> lmV2Response(const Digest16& responseKeyLm,
                                          const Challenge8& serverChallenge,
                                          const Challenge8& clientChallenge) {
  const Digest16 mac =
      crypto::HmacMd5(responseKeyLm).update(serverChallenge).update(clientChallenge).final();
  std::array<std::uint8_t, 24> out{};
  std::copy(mac.begin(), mac.end(), out.begin());
  std::copy(clientChallenge.begin(), clientChallenge.end(), out.begin() + 16);
  return out;
}

std::array<std::uint8_t, 24> ntlmV1Response(const Digest16& ntHash,
                                            const Challenge8& serverChallenge) {
  return crypto::desl(ntHash, serverChallenge);
}

std::array<std::uint8_t, 24> ntlmV1EssResponse(const Digest16& ntHash,
                                               const Challenge8& serverChallenge,
                                               const Challenge8& clientChallenge) {
  Bytes both(serverChallenge.begin(), serverChallenge.end());
  both.insert(both.end(), clientChallenge.begin(), clientChallenge.end());
  const Digest16 sessionHash = crypto::md5(both);
  return crypto::desl(ntHash, std::span<const std::uint8_t, 8>(sessionHash.data(), 8));
}

Digest16 sessionBaseKeyV1(const Digest16& ntHash) {
  return crypto::md4(ntHash);
}

Digest16 keyExchangeKeyV1Ess(const Digest16& sessionBaseKey, const Challenge8& serverChallenge,
                             std::span<const std::uint8_t, 8> lmResponsePrefix) {
  return crypto::HmacMd5(sessionBaseKey).update(serverChallenge).update(lmResponsePrefix).final();
}

Digest16 messageIntegrityCode(const Digest16& exportedSessionKey,
                              std::span<const std::uint8_t> negotiate,
                              std::span<const std::uint8_t> challenge,
                              std::span<const std::uint8_t> authenticateWithZeroMic) {
  return crypto::HmacMd5(exportedSessionKey)
      .update(negotiate)
      .update(challenge)
      .update(authenticateWithZeroMic)
      .final();
}

Digest16 channelBindingsHash(std::span<const std::uint8_t> applicationData) {
  // initiator_addrtype, initiator_address.length, acceptor_addrtype, acceptor_address.length: all
  // zero (RFC 5929 bindings carry no addresses); then application_data.length and its bytes.
  Bytes structure(16, 0);
  putU32(structure, static_cast<std::uint32_t>(applicationData.size()));
  structure.insert(structure.end(), applicationData.begin(), applicationData.end());
  return crypto::md5(structure);
}

Digest16 signKey(const Digest16& exportedSessionKey, Direction direction) {
  // The magic constants include their terminating NUL (MS-NLMP 3.4.5.2): 58 characters + 1.
  static constexpr std::string_view kClient(
      "session key to client-to-server signing key magic constant", 59);
  static constexpr std::string_view kServer(
      "session key to server-to-client signing key magic constant", 59);
  Bytes input(exportedSessionKey.begin(), exportedSessionKey.end());
  const auto magic = bytesOf(direction == Direction::kClientToServer ? kClient : kServer);
  input.insert(input.end(), magic.begin(), magic.end());
  return crypto::md5(input);
}

Digest16 sealKey(const Digest16& exportedSessionKey, std::uint32_t negotiateFlags,
                 Direction direction) {
  static constexpr std::string_view kClient(
      "session key to client-to-server sealing key magic constant", 59);
  static constexpr std::string_view kServer(
      "session key to server-to-client sealing key magic constant", 59);
  // 128-bit keys use all 16 bytes, 56-bit the first 7, otherwise (40-bit) the first 5.
  const std::size_t used = (negotiateFlags & flags::k128) != 0  ? 16
                           : (negotiateFlags & flags::k56) != 0 ? 7
                                                                : 5;
  Bytes input(exportedSessionKey.begin(), exportedSessionKey.begin() + used);
  const auto magic = bytesOf(direction == Direction::kClientToServer ? kClient : kServer);
  input.insert(input.end(), magic.begin(), magic.end());
  return crypto::md5(input);
}

}  // namespace authreplay::auth::ntlm
