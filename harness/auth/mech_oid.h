// GSSAPI mechanism OIDs (DER contents octets, without tag and length) that travel in HTTP
// Negotiate tokens, and their display names for leg labels and reports.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace authreplay::auth::oid {

// 1.3.6.1.5.5.2: SPNEGO (RFC 4178).
inline constexpr std::array<std::uint8_t, 6> kSpnego{0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
// 1.2.840.113554.1.2.2: Kerberos V5 GSS-API mechanism (RFC 4121).
inline constexpr std::array<std::uint8_t, 9> kKerberos{0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                       0x12, 0x01, 0x02, 0x02};
// 1.2.840.48018.1.2.2: the same mechanism under the OID Windows puts first in its mechTypes
// (MS-SPNG; a historical mis-encoding of the Kerberos OID kept for compatibility).
inline constexpr std::array<std::uint8_t, 9> kKerberosMicrosoft{0x2a, 0x86, 0x48, 0x82, 0xf7,
                                                                0x12, 0x01, 0x02, 0x02};
// 1.3.6.1.4.1.311.2.2.10: NTLMSSP (MS-NLMP; gss-ntlmssp's GSS_NTLMSSP_OID_STRING).
inline constexpr std::array<std::uint8_t, 10> kNtlmssp{0x2b, 0x06, 0x01, 0x04, 0x01,
                                                       0x82, 0x37, 0x02, 0x02, 0x0a};
// 1.3.6.1.4.1.311.2.2.30: NEGOEX (MS-NEGOEX), listed by Windows between Kerberos and NTLM.
inline constexpr std::array<std::uint8_t, 10> kNegoex{0x2b, 0x06, 0x01, 0x04, 0x01,
                                                      0x82, 0x37, 0x02, 0x02, 0x1e};

bool isKerberos(std::span<const std::uint8_t> oid);  // either Kerberos OID
bool isNtlmssp(std::span<const std::uint8_t> oid);
bool isSpnego(std::span<const std::uint8_t> oid);

// "Kerberos", "Kerberos(MS)", "NTLM", "NEGOEX", "SPNEGO"; otherwise the dotted form, or "?"
// when the OID is malformed.
std::string mechanismName(std::span<const std::uint8_t> oid);

}  // namespace authreplay::auth::oid
