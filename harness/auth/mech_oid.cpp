#include "auth/mech_oid.h"

#include <algorithm>

#include "auth/der_reader.h"

namespace authreplay::auth::oid {
namespace {

template <std::size_t N>
bool same(std::span<const std::uint8_t> oid, const std::array<std::uint8_t, N>& known) {
  return oid.size() == N && std::equal(known.begin(), known.end(), oid.begin());
}

}  // namespace

bool isKerberos(std::span<const std::uint8_t> oid) {
  return same(oid, kKerberos) || same(oid, kKerberosMicrosoft);
}

bool isNtlmssp(std::span<const std::uint8_t> oid) {
  return same(oid, kNtlmssp);
}

bool isSpnego(std::span<const std::uint8_t> oid) {
  return same(oid, kSpnego);
}

std::string mechanismName(std::span<const std::uint8_t> oid) {
  if (same(oid, kKerberos)) {
    return "Kerberos";
  }
  if (same(oid, kKerberosMicrosoft)) {
    return "Kerberos(MS)";
  }
  if (isNtlmssp(oid)) {
    return "NTLM";
  }
  if (same(oid, kNegoex)) {
    return "NEGOEX";
  }
  if (isSpnego(oid)) {
    return "SPNEGO";
  }
  return der::dottedOid(oid).value_or("?");
}

}  // namespace authreplay::auth::oid
