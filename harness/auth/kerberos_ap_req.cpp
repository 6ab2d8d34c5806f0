#include "auth/kerberos_ap_req.h"

#include "auth/der_reader.h"
#include "auth/kerberos_token.h"

namespace authreplay::auth::kerberos {
namespace {

constexpr std::uint8_t kApplication14 = 0x6e;  // KRB_AP_REQ
constexpr std::uint8_t kApplication1 = 0x61;   // Ticket
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kBitString = 0x03;
constexpr std::uint8_t kGeneralString = 0x1b;

constexpr std::uint8_t context(int n) {
  return static_cast<std::uint8_t>(0xa0 + n);
}

// A DER INTEGER's two's-complement contents of at most 8 octets (X.690 §8.3).
std::optional<std::int64_t> integer(const der::Element& element) {
  const auto bytes = element.value;
  if (bytes.empty() || bytes.size() > 8)
    return std::nullopt;
  std::uint64_t value = (bytes[0] & 0x80) ? ~std::uint64_t{0} : 0;
  for (const auto byte : bytes)
    value = (value << 8) | byte;
  return static_cast<std::int64_t>(value);
}

// [N] EXPLICIT INTEGER from READER.
std::optional<std::int64_t> taggedInteger(der::Reader& reader, int n) {
  const auto tagged = reader.expect(context(n), "tagged INTEGER");
  if (!tagged)
    return std::nullopt;
  auto inner = der::Reader::over(*tagged);
  const auto value = inner.expect(kInteger, "INTEGER");
  return value ? integer(*value) : std::nullopt;
}

std::string text(const der::Element& element) {
  return std::string(element.value.begin(), element.value.end());
}

// EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET
// STRING } (RFC 4120 §5.2.9), from the contents of its explicit tag.
bool encryptedData(const der::Element& tagged, std::int64_t& etype,
                   std::optional<std::int64_t>* kvno) {
  auto outer = der::Reader::over(tagged);
  const auto sequence = outer.expect(kSequence, "EncryptedData");
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
  const auto application = top.expect(kApplication14, "KRB_AP_REQ");
  if (!application)
    return std::nullopt;
  auto outer = der::Reader::over(*application);
  const auto sequence = outer.expect(kSequence, "AP-REQ");
  if (!sequence)
    return std::nullopt;
  auto fields = der::Reader::over(*sequence);
  if (!taggedInteger(fields, 0) || !taggedInteger(fields, 1))
    return std::nullopt;
  ApReqSummary summary;
  const auto options = fields.expect(context(2), "ap-options");
  if (!options)
    return std::nullopt;
  auto optionsReader = der::Reader::over(*options);
  const auto bits = optionsReader.expect(kBitString, "APOptions");
  // BIT STRING contents: the unused-bits octet, then bit 0 (reserved), 1 use-session-key,
  // 2 mutual-required in the first octet's high bits.
  if (bits && bits->value.size() >= 2)
    summary.mutualRequired = (bits->value[1] & 0x20) != 0;

  const auto ticketTag = fields.expect(context(3), "ticket");
  if (!ticketTag)
    return std::nullopt;
  auto ticketOuter = der::Reader::over(*ticketTag);
  const auto ticketApplication = ticketOuter.expect(kApplication1, "Ticket");
  if (!ticketApplication)
    return std::nullopt;
  auto ticketSequenceReader = der::Reader::over(*ticketApplication);
  const auto ticketSequence = ticketSequenceReader.expect(kSequence, "Ticket");
  if (!ticketSequence)
    return std::nullopt;
  auto ticket = der::Reader::over(*ticketSequence);
  if (!taggedInteger(ticket, 0))  // tkt-vno
    return std::nullopt;
  const auto realmTag = ticket.expect(context(1), "realm");
  if (!realmTag)
    return std::nullopt;
  auto realmReader = der::Reader::over(*realmTag);
  const auto realm = realmReader.expect(kGeneralString, "Realm");
  if (!realm)
    return std::nullopt;
  summary.realm = text(*realm);
  // sname [2] PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF
  // KerberosString } (RFC 4120 §5.2.2).
  const auto snameTag = ticket.expect(context(2), "sname");
  if (!snameTag)
    return std::nullopt;
  auto snameOuter = der::Reader::over(*snameTag);
  const auto sname = snameOuter.expect(kSequence, "PrincipalName");
  if (!sname)
    return std::nullopt;
  auto snameFields = der::Reader::over(*sname);
  const auto nameType = taggedInteger(snameFields, 0);
  const auto namesTag = snameFields.expect(context(1), "name-string");
  if (!nameType || !namesTag)
    return std::nullopt;
  summary.nameType = *nameType;
  auto namesOuter = der::Reader::over(*namesTag);
  const auto names = namesOuter.expect(kSequence, "name-string");
  if (!names)
    return std::nullopt;
  auto nameReader = der::Reader::over(*names);
  // A service name has a handful of components; more is not a principal anyone registered.
  constexpr std::size_t kMaxComponents = 16;
  while (!nameReader.atEnd() && summary.service.size() < kMaxComponents) {
    const auto component = nameReader.expect(kGeneralString, "KerberosString");
    if (!component)
      return std::nullopt;
    summary.service.push_back(text(*component));
  }
  const auto encPart = ticket.expect(context(3), "enc-part");
  if (!encPart || !encryptedData(*encPart, summary.ticketEtype, &summary.kvno))
    return std::nullopt;
  const auto authenticator = fields.expect(context(4), "authenticator");
  if (!authenticator || !encryptedData(*authenticator, summary.authenticatorEtype, nullptr))
    return std::nullopt;
  return summary;
}

}  // namespace

std::string ApReqSummary::spn() const {
  std::string out;
  for (const auto& component : service)
    out += (out.empty() ? "" : "/") + component;
  return out + "@" + realm;
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
