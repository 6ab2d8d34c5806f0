// What every fuzz target of tests/fuzz shares: the fuzzer's bytes as text or as a byte span, and
// cutting one input into the parts of a multi-message exchange (NTLM's NEGOTIATE then
// AUTHENTICATE, an HTTP request's header lines). No state, no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace authreplay::fuzz {

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::span<const std::uint8_t> asBytes(const std::uint8_t* data, std::size_t size) {
  return {data, size};
}

inline std::span<const std::uint8_t> asBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// TEXT cut at every SEPARATOR (the separator dropped); one part when there is none.
inline std::vector<std::string_view> splitAt(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto at = text.find(separator);
    if (at == std::string_view::npos) {
      parts.push_back(text);
      return parts;
    }
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + separator.size());
  }
}

// A crash the fuzzer records (with the input that caused it) when a target's own invariant breaks.
[[noreturn]] void invariantFailed(const char* what);

}  // namespace authreplay::fuzz
