// What an operator reads off a Kerberos AP-REQ without any key (RFC 4120 §5.5.1, §5.3): the
// ticket's realm and service principal (the SPN the browser asked the KDC for), the encryption
// type and key version of the ticket (which key of the service account the KDC used: a stale
// kvno or an etype the server has no key for is a KRB_AP_ERR_MODIFIED / BADKEYVER at the server),
// the authenticator's encryption type (the session key's) and whether mutual authentication was
// asked for. Wireshark's Kerberos dissector and Fiddler's Auth inspector show the same. Nothing is
// decrypted. Every length is bounds-checked (der_reader.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace authreplay::auth::kerberos {

struct ApReqSummary {
  std::string realm;                    // the ticket's realm ("HARNESS.TEST")
  std::vector<std::string> service;     // sname's components: {"HTTP", "localhost"}
  std::int64_t nameType = 0;            // sname's name-type (2 = NT-SRV-INST, 3 = NT-SRV-HST)
  std::int64_t ticketEtype = 0;         // enc-part etype of the ticket (18 = aes256-cts-...)
  std::optional<std::int64_t> kvno;     // the service key's version, when the KDC put it
  std::int64_t authenticatorEtype = 0;  // the session key's etype
  bool mutualRequired = false;          // ap-options mutual-required (RFC 4120 §5.5.1)

  // "HTTP/localhost@HARNESS.TEST".
  std::string spn() const;
};

// The summary of the AP-REQ in TOKEN: a GSS-API Kerberos token (RFC 4121 §4.1 framing, TOK_ID
// 01 00) or a bare KRB_AP_REQ; nullopt when TOKEN is neither or does not decode.
std::optional<ApReqSummary> summarizeApReq(std::span<const std::uint8_t> token);

// "aes256-cts-hmac-sha1-96" for 18 (RFC 3961, 3962, 4757, 8009 and the IANA registry); "etype N"
// for one without a name here.
std::string etypeName(std::int64_t etype);

}  // namespace authreplay::auth::kerberos
