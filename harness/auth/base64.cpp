#include "auth/base64.h"

#include <array>

namespace authreplay::auth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kInvalid = -1;

constexpr std::array<int, 256> makeDecodeTable() {
  std::array<int, 256> table{};
  for (int& entry : table) {
    entry = kInvalid;
  }
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  return table;
}

constexpr std::array<int, 256> kDecodeTable = makeDecodeTable();

}  // namespace

std::string base64Encode(std::span<const std::uint8_t> bytes) {
  // Written in place into a string of the final size: a Type 3 is encoded for every handshake.
  std::string out((bytes.size() + 2) / 3 * 4, '=');
  char* o = out.data();
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (std::uint32_t{bytes[i]} << 16) |
                                (std::uint32_t{bytes[i + 1]} << 8) | std::uint32_t{bytes[i + 2]};
    *o++ = kAlphabet[(group >> 18) & 0x3F];
    *o++ = kAlphabet[(group >> 12) & 0x3F];
    *o++ = kAlphabet[(group >> 6) & 0x3F];
    *o++ = kAlphabet[group & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const std::uint32_t group =
        (std::uint32_t{bytes[i]} << 16) | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0u);
    *o++ = kAlphabet[(group >> 18) & 0x3F];
    *o++ = kAlphabet[(group >> 12) & 0x3F];
    if (rest == 2)
      *o = kAlphabet[(group >> 6) & 0x3F];  // the last '=' stays
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') {
    padding = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool lastGroup = i + 4 == text.size();
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      int value = 0;
      if (c == '=') {
        // '=' is only legal in the final group's last `padding` positions.
        if (!lastGroup || j < 4 - padding) {
          return std::nullopt;
        }
      } else {
        value = kDecodeTable[static_cast<unsigned char>(c)];
        if (value == kInvalid) {
          return std::nullopt;
        }
      }
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    out.push_back(static_cast<std::uint8_t>(group >> 16));
    if (!lastGroup || padding < 2) {
      out.push_back(static_cast<std::uint8_t>(group >> 8));
    }
    if (!lastGroup || padding < 1) {
      out.push_back(static_cast<std::uint8_t>(group));
    }
  }
  return out;
}

}  // namespace authreplay::auth
