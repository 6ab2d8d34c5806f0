// iis-sim's acceptor credentials for the fuzz targets that drive its authentication stage
// (ntlm_acceptor_fuzz, iissim_request_fuzz): a throw-away NTLM_USER_FILE with one account, Kerberos
// off (no keytab; Negotiate still does NTLM inside SPNEGO), as tests/unit/auth's environment does.
// Built once per process, on first use.
#pragma once

#include <memory>

#include "iis-sim/auth/authenticator.h"

namespace authreplay::fuzz {

inline constexpr const char* kFuzzDomain = "HARNESS";
inline constexpr const char* kFuzzUser = "alice";
inline constexpr const char* kFuzzPassword = "fuzz-password";

std::shared_ptr<iissim::AcceptorCredentials> iissimCredentials();

}  // namespace authreplay::fuzz
