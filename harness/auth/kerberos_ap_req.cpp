#include "auth/kerberos_ap_req.h"

#include "auth/der_reader.h"
#include "auth/kerberos_der.h"
#include "auth/kerberos_token.h"

namespace authreplay::auth::kerberos {
namespace {

constexpr std::uint8_t kApplication14 = 0x6e;  // KRB_AP_REQ
constexpr std::uint8_t kApplication1 = 0x61;   // Ticket

using asn1::context;
using asn1::inner;
using asn1::kBitString;
using asn1::kGeneralString;
using asn1::kSequence;
using asn1::taggedInteger;

// EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET
// STRING } (RFC 4120 §5.2.9), tagged [N] in READER.
bool encryptedData(der::Reader& reader, int n, std::int64_t& etype,
                   std::optional<std::int64_t>* kvno) {
  const auto sequence = inner(reader, context(n), kSequence, "EncryptedData");
  if (!sequence)
    return false;
  auto fields = der::Reader::over(*sequence);
  const auto type = taggedInteger(fields, 0);
  if (!type)
    return false;
  etype = *type;
  if (kvno != nullptr && fields.peekTag() == context(1))
    *kvno = taggedInteger(fields, 1);
  return true;
}

// The AP-REQ at BYTES: [APPLICATION 14] SEQUENCE { pvno [0], msg-type [1], ap-options [2],
// ticket [3] Ticket, authenticator [4] EncryptedData } (RFC 4120 §5.5.1).
std::optional<ApReqSummary> apReq(std::span<const std::uint8_t> bytes) {
  der::Reader top(bytes);
  const auto sequence = inner(top, kApplication14, kSequence, "KRB_AP_REQ");
  if (!sequence)
    return std::nullopt;
  auto fields = der::Reader::over(*sequence);
  if (!taggedInteger(fields, 0) || !taggedInteger(fields, 1))
    return std::nullopt;
  ApReqSummary summary;
  const auto bits = inner(fields, context(2), kBitString, "ap-options");
  if (!bits)
    return std::nullopt;
  // BIT STRING contents: the unused-bits octet, then bit 0 (reserved), 1 use-session-key,
  // 2 mutual-required in the first octet's high bits.
  if (bits->value.size() >= 2)
    summary.mutualRequired = (bits->value[1] & 0x20) != 0;

  // ticket [3] Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0], realm [1], sname [2],
  // enc-part [3] } (RFC 4120 §5.3).
  const auto ticketTag = fields.expect(context(3), "ticket");
  if (!ticketTag)
    return std::nullopt;
  auto ticketOuter = der::Reader::over(*ticketTag);
  const auto ticketSequence = inner(ticketOuter, kApplication1, kSequence, "Ticket");
  if (!ticketSequence)
    return std::nullopt;
  auto ticket = der::Reader::over(*ticketSequence);
  if (!taggedInteger(ticket, 0))  // tkt-vno
    return std::nullopt;
  const auto realm = inner(ticket, context(1), kGeneralString, "realm");
  if (!realm)
    return std::nullopt;
  summary.realm = asn1::text(*realm);
  // sname [2] PrincipalName (RFC 4120 §5.2.2).
  const auto snameSequence = inner(ticket, context(2), kSequence, "sname");
  const auto sname = snameSequence ? asn1::principalName(*snameSequence) : std::nullopt;
  if (!sname)
    return std::nullopt;
  summary.nameType = sname->nameType;
  summary.service = sname->components;
  if (!encryptedData(ticket, 3, summary.ticketEtype, &summary.kvno))  // enc-part
    return std::nullopt;
  if (!encryptedData(fields, 4, summary.authenticatorEtype, nullptr))  // authenticator
    return std::nullopt;
  return summary;
}

}  // namespace

std::string ApReqSummary::spn() const {
  return asn1::joinPrincipal(service, realm);
}

std::optional<ApReqSummary> summarizeApReq(std::span<const std::uint8_t> token) {
  if (!token.empty() && token[0] == kApplication14)
    return apReq(token);
  // RFC 4121 §4.1: [APPLICATION 0] { thisMech OID, then TOK_ID 01 00 and the AP-REQ }.
  const auto framed = unframe(token);
  if (!framed || framed->tokId != 0x01)
    return std::nullopt;
  return apReq(framed->message);
}

std::string etypeName(std::int64_t etype) {
  switch (etype) {
    case 1:
      return "des-cbc-crc";
    case 3:
      return "des-cbc-md5";
    case 16:
      return "des3-cbc-sha1";
    case 17:
      return "aes128-cts-hmac-sha1-96";
    case 18:
      return "aes256-cts-hmac-sha1-96";
    case 19:
      return "aes128-cts-hmac-sha256-128";
    case 20:
      return "aes256-cts-hmac-sha384-192";
    case 23:
      return "rc4-hmac";
    case 24:
      return "rc4-hmac-exp";
    case 25:
      return "camellia128-cts-cmac";
    case 26:
      return "camellia256-cts-cmac";
    default:
      return "etype " + std::to_string(etype);
  }
}

}  // namespace authreplay::auth::kerberos
