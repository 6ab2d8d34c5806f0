// A bounds-checked reader of DER TLVs (X.690 §8.1), just enough for the GSSAPI token framing
// (RFC 2743 §3.1), SPNEGO (RFC 4178 §4.2) and the Kerberos GSS token header (RFC 4121 §4.1).
// Every tag and length comes from the peer: each read is checked against what is left, a length
// that runs past its enclosing element is an error with the byte offset, never an out-of-bounds
// read. Internal to harness/auth.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authreplay::auth::der {

struct Element {
  std::uint8_t tag = 0;
  std::span<const std::uint8_t> value;  // the contents octets
  std::size_t offset = 0;               // of the tag, from the start of the whole token
  std::size_t valueOffset = 0;          // of the contents, from the start of the whole token
};

class Reader {
 public:
  // `base` is where `bytes` starts inside the whole token, so error offsets name token bytes.
  explicit Reader(std::span<const std::uint8_t> bytes, std::size_t base = 0)
      : bytes_(bytes), base_(base) {}

  bool atEnd() const { return at_ == bytes_.size(); }
  std::optional<std::uint8_t> peekTag() const;
  // The next TLV, whatever its tag; nullopt (and error()) when it does not fit.
  std::optional<Element> next(std::string_view what);
  // The next TLV, which must carry `tag`.
  std::optional<Element> expect(std::uint8_t tag, std::string_view what);
  // A reader over an element's contents (offsets stay token-relative).
  static Reader over(const Element& element) { return Reader(element.value, element.valueOffset); }

  const std::string& error() const { return error_; }
  std::size_t offset() const { return base_ + at_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t base_ = 0;
  std::size_t at_ = 0;
  std::string error_;
};

// X.690 §8.19 OBJECT IDENTIFIER contents to dotted form ("1.2.840.113554.1.2.2"); nullopt when
// the encoding is malformed (empty, a truncated subidentifier, or one above 2^64).
std::optional<std::string> dottedOid(std::span<const std::uint8_t> contents);

}  // namespace authreplay::auth::der
