#include "auth/kerberos_der.h"

namespace authreplay::auth::kerberos::asn1 {

std::optional<der::Element> inner(der::Reader& reader, std::uint8_t outerTag, std::uint8_t innerTag,
                                  std::string_view what) {
  const auto outer = reader.expect(outerTag, what);
  if (!outer)
    return std::nullopt;
  auto contents = der::Reader::over(*outer);
  return contents.expect(innerTag, what);
}

std::optional<std::int64_t> integer(const der::Element& element) {
  const auto bytes = element.value;
  if (bytes.empty() || bytes.size() > 8)
    return std::nullopt;
  std::uint64_t value = (bytes[0] & 0x80) ? ~std::uint64_t{0} : 0;
  for (const auto byte : bytes)
    value = (value << 8) | byte;
  return static_cast<std::int64_t>(value);
}

std::optional<std::int64_t> taggedInteger(der::Reader& reader, int n) {
  const auto value = inner(reader, context(n), kInteger, "tagged INTEGER");
  return value ? integer(*value) : std::nullopt;
}

std::string text(const der::Element& element) {
  return std::string(element.value.begin(), element.value.end());
}

std::optional<PrincipalName> principalName(const der::Element& sequence) {
  auto fields = der::Reader::over(sequence);
  const auto nameType = taggedInteger(fields, 0);
  const auto names = inner(fields, context(1), kSequence, "name-string");
  if (!nameType || !names)
    return std::nullopt;
  PrincipalName out;
  out.nameType = *nameType;
  auto nameReader = der::Reader::over(*names);
  // A service name has a handful of components; more is not a principal anyone registered.
  constexpr std::size_t kMaxComponents = 16;
  while (!nameReader.atEnd() && out.components.size() < kMaxComponents) {
    const auto component = nameReader.expect(kGeneralString, "KerberosString");
    if (!component)
      return std::nullopt;
    out.components.push_back(text(*component));
  }
  return out;
}

std::string joinPrincipal(const std::vector<std::string>& components, std::string_view realm) {
  std::string out;
  for (const auto& component : components)
    out += (out.empty() ? "" : "/") + component;
  if (!realm.empty())
    out += "@" + std::string(realm);
  return out;
}

}  // namespace authreplay::auth::kerberos::asn1
