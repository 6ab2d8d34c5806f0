// UTF-8 for protocol text that travels in other encodings (NTLM's UTF-16LE and OEM strings,
// MS-NLMP 2.2): one encoder and one lenient decoder, so the NTLM reader (auth/ntlm_message.cpp)
// and the NTLM hashing (auth/ntlm/ntlm_keys.cpp) agree on every byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace authreplay::text {

// Appends the UTF-8 form of one code point (U+0000..U+10FFFF).
void appendUtf8(std::string& out, std::uint32_t codePoint);

// True when TEXT is well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing
// above U+10FFFF), i.e. it may stand in a JSON string as it is; the HAR export base64-encodes a
// body that is not (HAR 1.2 content.encoding).
bool isValidUtf8(std::string_view text);

// Calls sink(codePoint) for each code point of `text`. Lenient: a byte that does not start a
// well-formed sequence is passed on as the Latin-1 character of that byte, so nothing is lost and
// nothing throws (user input and peers' bytes both come through here).
template <typename Sink>
void forEachCodePoint(std::string_view text, Sink&& sink) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(i);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    std::uint32_t code = length == 1   ? lead
                         : length == 2 ? lead & 0x1Fu
                         : length == 3 ? lead & 0x0Fu
                                       : lead & 0x07u;
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (byte(i + k) & 0xC0) == 0x80;
      code = (code << 6) | (byte(i + k) & 0x3Fu);
    }
    if (!valid) {
      sink(std::uint32_t{lead});
      i += 1;
    } else {
      sink(code);
      i += length;
    }
  }
}

}  // namespace authreplay::text
