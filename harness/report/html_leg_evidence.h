// The HTML report's per-leg evidence, folded under each step (what Fiddler's Auth inspector and
// Wireshark's NTLMSSP and Kerberos dissectors show, issue 15): every leg's timings, its NTLM
// messages decoded (flags by name, domain/user/workstation, version, target info AV pairs, MIC,
// NTLMv1/v2; ntlm_details.h), its Kerberos AP-REQ (SPN, realm, etypes, kvno; kerberos_details.h),
// an HTTP/2 stream reset, and the start of the response body. Decoded messages hold no secret
// (no response, key or challenge bytes, never Basic); bodies are shortened and escaped.
#pragma once

#include <ostream>

#include "run/results.h"

namespace authreplay::report {

// Writes STEP's evidence as one <details> element; nothing for a step without legs.
void writeLegEvidence(const run::StepResult& step, std::ostream& out);

}  // namespace authreplay::report
