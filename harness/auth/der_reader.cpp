#include "auth/der_reader.h"

#include <cstdio>

namespace authreplay::auth::der {

std::optional<std::uint8_t> Reader::peekTag() const {
  if (at_ >= bytes_.size()) {
    return std::nullopt;
  }
  return bytes_[at_];
}

// Identifier octet, then the length (X.690 §8.1.3): short form (< 0x80), or long form 0x81..0x84
// followed by 1..4 big-endian octets. Indefinite length (0x80) is BER, not DER, and refused; so
// are high tag numbers (low five bits all set), which no token here uses.
std::optional<Element> Reader::next(std::string_view what) {
  const std::size_t start = at_;
  const auto fail = [&](const std::string& why) -> std::optional<Element> {
    error_ = std::string(what) + ": " + why + " at byte " + std::to_string(base_ + start) + " (" +
             std::to_string(bytes_.size() - start) + " bytes left)";
    at_ = start;
    return std::nullopt;
  };
  if (bytes_.size() - at_ < 2) {
    return fail("truncated tag/length");
  }
  const std::uint8_t tag = bytes_[at_];
  if ((tag & 0x1f) == 0x1f) {
    return fail("high-tag-number form not supported");
  }
  std::size_t at = at_ + 1;
  const std::uint8_t first = bytes_[at++];
  std::uint64_t length = first;
  if (first == 0x80) {
    return fail("indefinite length");
  }
  if ((first & 0x80) != 0) {
    const std::size_t count = first & 0x7f;
    if (count > 4) {
      return fail("length of " + std::to_string(count) + " octets");
    }
    if (bytes_.size() - at < count) {
      return fail("truncated length");
    }
    length = 0;
    for (std::size_t i = 0; i < count; ++i) {
      length = (length << 8) | bytes_[at++];
    }
  }
  if (length > bytes_.size() - at) {
    return fail("length " + std::to_string(length) + " runs past the end");
  }
  Element element{tag, bytes_.subspan(at, static_cast<std::size_t>(length)), base_ + start,
                  base_ + at};
  at_ = at + static_cast<std::size_t>(length);
  return element;
}

std::optional<Element> Reader::expect(std::uint8_t tag, std::string_view what) {
  const auto actual = peekTag();
  if (!actual) {
    error_ = std::string(what) + ": missing at byte " + std::to_string(offset());
    return std::nullopt;
  }
  if (*actual != tag) {
    char text[64];
    std::snprintf(text, sizeof text, ": expected tag 0x%02x, got 0x%02x at byte ", tag, *actual);
    error_ = std::string(what) + text + std::to_string(offset());
    return std::nullopt;
  }
  return next(what);
}

std::optional<std::string> dottedOid(std::span<const std::uint8_t> contents) {
  if (contents.empty()) {
    return std::nullopt;
  }
  std::string text;
  std::uint64_t value = 0;
  bool first = true;
  for (std::size_t i = 0; i < contents.size(); ++i) {
    if (value > (UINT64_MAX >> 7)) {
      return std::nullopt;
    }
    value = (value << 7) | (contents[i] & 0x7f);
    if ((contents[i] & 0x80) != 0) {
      if (i + 1 == contents.size()) {
        return std::nullopt;  // the last subidentifier is cut off
      }
      continue;
    }
    if (first) {
      // The first subidentifier packs the first two arcs: 40 * X + Y (X.690 §8.19.4).
      const std::uint64_t arc = value < 80 ? value / 40 : 2;
      text = std::to_string(arc) + "." + std::to_string(value - 40 * arc);
      first = false;
    } else {
      text += "." + std::to_string(value);
    }
    value = 0;
  }
  return text;
}

}  // namespace authreplay::auth::der
