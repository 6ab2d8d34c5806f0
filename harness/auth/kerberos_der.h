// The few ASN.1 shapes of Kerberos messages (RFC 4120 §5.2) that the key-less decoders of
// kerberos_ap_req.h and kerberos_error.h read: explicit context tags around INTEGERs and strings,
// and PrincipalName. Every read is bounds-checked by der::Reader. Internal to harness/auth.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/der_reader.h"

namespace authreplay::auth::kerberos::asn1 {

constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kGeneralString = 0x1b;    // KerberosString, Realm (RFC 4120 §5.2.1)
constexpr std::uint8_t kGeneralizedTime = 0x18;  // KerberosTime (RFC 4120 §5.2.3)

// The [N] context-specific constructed tag (X.690 §8.14: EXPLICIT tagging, RFC 4120 §5).
constexpr std::uint8_t context(int n) {
  return static_cast<std::uint8_t>(0xa0 + n);
}

// The element tagged INNER_TAG inside the next element of READER, tagged OUTER_TAG: an explicit
// tag (X.690 §8.14) or an [APPLICATION n] around a SEQUENCE.
std::optional<der::Element> inner(der::Reader& reader, std::uint8_t outerTag, std::uint8_t innerTag,
                                  std::string_view what);

// A DER INTEGER's two's-complement contents of at most 8 octets (X.690 §8.3).
std::optional<std::int64_t> integer(const der::Element& element);

// [N] EXPLICIT INTEGER from READER.
std::optional<std::int64_t> taggedInteger(der::Reader& reader, int n);

// An element's contents as text (KerberosString is IA5 in practice, RFC 4120 §5.2.1).
std::string text(const der::Element& element);

// PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString }
// (RFC 4120 §5.2.2), from the contents of its explicit tag.
struct PrincipalName {
  std::int64_t nameType = 0;
  std::vector<std::string> components;  // {"HTTP", "localhost"}
};
std::optional<PrincipalName> principalName(const der::Element& sequence);

// "HTTP/localhost@HARNESS.TEST" (REALM empty: without the "@").
std::string joinPrincipal(const std::vector<std::string>& components, std::string_view realm);

}  // namespace authreplay::auth::kerberos::asn1
