// Fuzz target: the NTLM acceptor iis-sim authenticates with, fed a NEGOTIATE and an AUTHENTICATE a
// client chose. Input: NEGOTIATE bytes, the separator "\n--\n", AUTHENTICATE bytes. Both messages
// go (1) to the project's NtlmAcceptor (harness/auth/ntlm/ntlm_acceptor.cpp, MS-NLMP 3.2) directly,
// and (2) base64-encoded, on one connection, through iis-sim's authentication stage
// (fixtures/iis-sim/auth/authenticator.cpp, ConnectionAuthenticator) as `Authorization: NTLM ...`
// and, for a second connection, `Authorization: Negotiate ...` (raw NTLMSSP under Negotiate, as IE
// sends with Kerberos off). Checks that every outcome is a challenge, a logon or a refusal with a
// win32 status (never a crash, UB or exception), and that a refusal of a bad token is 401 or 400.
// The direct acceptor is ntlm_fixture.h's (every account lookup succeeds, so the NTLMv2
// verification runs; the seed handshake of make_seeds verifies against it).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_acceptor.h"
#include "fuzz_input.h"
#include "iissim_credentials.h"
#include "ntlm_fixture.h"

namespace {

namespace ntlm = authreplay::auth::ntlm;
using authreplay::fuzz::invariantFailed;

void directly(std::span<const std::uint8_t> negotiate, std::span<const std::uint8_t> authenticate) {
  static const auto config = authreplay::fuzz::acceptorConfig();
  ntlm::NtlmAcceptor acceptor(config);
  if (!std::holds_alternative<ntlm::Bytes>(acceptor.challenge(negotiate)))
    return;
  (void)acceptor.authenticate(authenticate);
}

void throughIisSim(const std::string& scheme, std::string_view negotiate,
                   std::string_view authenticate) {
  iissim::ConnectionAuthenticator connection(authreplay::fuzz::iissimCredentials());
  iissim::AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.windows.enabled = true;
  for (const auto message : {negotiate, authenticate}) {
    iissim::AuthRequest request;
    request.authorization =
        scheme + " " + authreplay::auth::base64Encode(authreplay::fuzz::asBytes(message));
    request.host = "localhost";
    const auto outcome = connection.authenticate(settings, request);
    if (outcome.kind == iissim::AuthOutcome::Kind::kReject && outcome.status != 401 &&
        outcome.status != 400) {
      invariantFailed("iis-sim refused a token with a status other than 401 or 400");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = authreplay::fuzz::splitAt(authreplay::fuzz::asText(data, size), "\n--\n");
  const std::string_view negotiate = parts[0];
  const std::string_view authenticate = parts.size() > 1 ? parts[1] : std::string_view();
  directly(authreplay::fuzz::asBytes(negotiate), authreplay::fuzz::asBytes(authenticate));
  throughIisSim("NTLM", negotiate, authenticate);
  throughIisSim("Negotiate", negotiate, authenticate);
  return 0;
}
