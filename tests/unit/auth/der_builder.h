// A tiny DER encoder for building SPNEGO / Kerberos test vectors field by field, so each vector
// reads like the ASN.1 it encodes (RFC 4178 §4.2) instead of a wall of hex.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

namespace authreplay::testing::der {

using Bytes = std::vector<std::uint8_t>;

inline Bytes tlv(std::uint8_t tag, const Bytes& value) {
  Bytes out{tag};
  const std::size_t n = value.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n < 0x100) {
    out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
  }
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

inline const Bytes kSpnegoOid{0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
inline const Bytes kKerberosOid{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02};
inline const Bytes kKerberosMsOid{0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02};
inline const Bytes kNtlmOid{0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a};

// InitialContextToken { SPNEGO, [0] NegTokenInit { [0] mechTypes, [2] mechToken? } }.
inline Bytes negTokenInit(std::initializer_list<Bytes> mechs, const Bytes& mechToken) {
  Bytes oids;
  for (const Bytes& mech : mechs) {
    oids = cat({oids, tlv(0x06, mech)});
  }
  Bytes fields = tlv(0xa0, tlv(0x30, oids));
  if (!mechToken.empty()) {
    fields = cat({fields, tlv(0xa2, tlv(0x04, mechToken))});
  }
  return tlv(0x60, cat({tlv(0x06, kSpnegoOid), tlv(0xa0, tlv(0x30, fields))}));
}

// [1] NegTokenResp { [0] negState, [1] supportedMech?, [2] responseToken?, [3] mechListMIC? }.
inline Bytes negTokenResp(std::uint8_t negState, const Bytes& supportedMech,
                          const Bytes& responseToken, const Bytes& mechListMic = {}) {
  Bytes fields = tlv(0xa0, tlv(0x0a, {negState}));
  if (!supportedMech.empty()) {
    fields = cat({fields, tlv(0xa1, tlv(0x06, supportedMech))});
  }
  if (!responseToken.empty()) {
    fields = cat({fields, tlv(0xa2, tlv(0x04, responseToken))});
  }
  if (!mechListMic.empty()) {
    fields = cat({fields, tlv(0xa3, tlv(0x04, mechListMic))});
  }
  return tlv(0xa1, tlv(0x30, fields));
}

// A Kerberos GSS token (RFC 4121 §4.1): framing, TOK_ID, [APPLICATION n] with a dummy body.
inline Bytes kerberosToken(std::uint8_t tokId, std::uint8_t applicationTag,
                           const Bytes& oid = kKerberosOid) {
  return tlv(0x60, cat({tlv(0x06, oid), Bytes{tokId, 0x00},
                        tlv(applicationTag, tlv(0x30, Bytes{0x02, 0x01, 0x05}))}));
}

}  // namespace authreplay::testing::der
