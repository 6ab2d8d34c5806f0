#include "expect/authorization_description.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/ntlm_message.h"

namespace authreplay::expect {

namespace {

template <std::size_t N>
bool contains(const std::vector<std::uint8_t>& bytes, const std::array<std::uint8_t, N>& needle) {
  return std::search(bytes.begin(), bytes.end(), needle.begin(), needle.end()) != bytes.end();
}

std::optional<int> ntlmTypeAt(const std::vector<std::uint8_t>& bytes) {
  const auto& sig = auth::ntlm::kSignature;
  const auto at = std::search(bytes.begin(), bytes.end(), sig.begin(), sig.end());
  if (at == bytes.end())
    return std::nullopt;
  const auto offset = static_cast<std::size_t>(at - bytes.begin());
  const auto type = auth::ntlm::messageType(std::span(bytes).subspan(offset));
  if (!type)
    return std::nullopt;
  return static_cast<int>(*type);
}

// Which mechanism a Negotiate token carries. A raw NTLM message (what IE sends when it falls back
// without SPNEGO framing) or one wrapped in SPNEGO both hold the NTLMSSP signature; a Kerberos
// AP-REQ is recognised by the krb5 mechanism OID (RFC 4121 §4.1), also in Microsoft's variant. A
// full SPNEGO decoder arrives with the GSSAPI token producers (issue 4).
void describeNegotiate(const std::vector<std::uint8_t>& bytes,
                       scenario::AuthorizationPattern& out) {
  if (const auto type = ntlmTypeAt(bytes)) {
    out.mechanism = "NTLM";
    out.messageType = *type;
    return;
  }
  static constexpr std::array<std::uint8_t, 9> kKrb5{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                     0x12, 0x01, 0x02, 0x02};
  static constexpr std::array<std::uint8_t, 9> kKrb5Microsoft{0x2a, 0x86, 0x48, 0x82, 0xf7,
                                                              0x12, 0x01, 0x02, 0x02};
  if (contains(bytes, kKrb5) || contains(bytes, kKrb5Microsoft))
    out.mechanism = "Kerberos";
}

}  // namespace

scenario::AuthorizationPattern describeAuthorization(const std::optional<std::string>& header) {
  scenario::AuthorizationPattern out;
  if (!header) {
    out.none = true;
    return out;
  }
  const auto parsed = auth::parseAuthorizationHeader(*header);
  if (!parsed) {
    out.scheme = "?";
    return out;
  }
  out.scheme = parsed->scheme;
  if (parsed->schemeIs("NTLM")) {
    out.scheme = "NTLM";
    if (const auto bytes = auth::base64Decode(parsed->token))
      out.messageType = ntlmTypeAt(*bytes);
  } else if (parsed->schemeIs("Negotiate")) {
    out.scheme = "Negotiate";
    if (const auto bytes = auth::base64Decode(parsed->token))
      describeNegotiate(*bytes, out);
  } else if (parsed->schemeIs("Basic")) {
    out.scheme = "Basic";
  }
  return out;
}

}  // namespace authreplay::expect
