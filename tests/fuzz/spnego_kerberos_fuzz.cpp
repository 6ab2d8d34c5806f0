// Fuzz target: the DER reader (harness/auth/der_reader.cpp, X.690), the SPNEGO codec
// (spnego_token.cpp, RFC 4178 NegTokenInit / NegTokenResp and MS-SPNG NegTokenInit2), the
// Kerberos GSS token recogniser (kerberos_token.cpp, RFC 4121 §4.1 AP-REQ / AP-REP / KRB-ERROR),
// the key-less AP-REQ and KRB-ERROR summaries that reports and the browsers' fallback read
// (kerberos_ap_req.cpp, kerberos_error.cpp) and the Negotiate token classifier iis-sim picks its
// acceptor state with, all on the same bytes.
// Checks that every tag and length from the peer is bounds-checked (ASan), that OID decoding does
// not overflow (UBSan), that nothing recurses or allocates without bound, and that what the
// decoders accept re-encodes (encodeNegTokenInit / encodeNegTokenResp) without failing.
#include <cstddef>
#include <cstdint>

#include "auth/der_reader.h"
#include "auth/kerberos_ap_req.h"
#include "auth/kerberos_error.h"
#include "auth/kerberos_token.h"
#include "auth/mech_oid.h"
#include "auth/spnego_token.h"
#include "fuzz_input.h"

namespace {

namespace auth = authreplay::auth;

// Every element, depth first, as far as the reader can go (bounded by the input: each step
// consumes at least a tag and a length byte).
void walk(auth::der::Reader reader, int depth) {
  while (!reader.atEnd()) {
    const auto element = reader.next("element");
    if (!element)
      return;
    if (element->tag == 0x06)
      (void)auth::der::dottedOid(element->value);
    if ((element->tag & 0x20) != 0 && depth < 64)
      walk(auth::der::Reader::over(*element), depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto bytes = authreplay::fuzz::asBytes(data, size);
  walk(auth::der::Reader(bytes), 0);
  (void)auth::classifyNegotiateToken(bytes);
  (void)auth::kerberos::recognise(bytes);
  if (const auto apReq = auth::kerberos::summarizeApReq(bytes))
    (void)apReq->spn();
  if (const auto error = auth::kerberos::summarizeKrbError(bytes))
    (void)error->describe();
  if (const auto init = auth::spnego::decodeNegTokenInit(bytes);
      const auto* token = std::get_if<auth::spnego::NegTokenInit>(&init)) {
    for (const auto& oid : token->mechTypes)
      (void)auth::oid::mechanismName(oid);
    (void)auth::spnego::encodeNegTokenInit(token->mechTypes,
                                           token->mechToken.value_or(std::vector<std::uint8_t>{}));
  }
  if (const auto resp = auth::spnego::decodeNegTokenResp(bytes);
      const auto* token = std::get_if<auth::spnego::NegTokenResp>(&resp)) {
    (void)auth::spnego::encodeNegTokenResp(token->negState, token->supportedMech,
                                           token->responseToken, token->mechListMic);
  }
  return 0;
}
