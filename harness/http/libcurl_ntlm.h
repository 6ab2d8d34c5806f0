// Whether libcurl can run NTLM itself (CURLAUTH_NTLM), decided once per process. libcurl makes its
// NTLM a build-time opt-in from 8.20 and has announced its removal (curl PR #20698 "build: make
// NTLM disabled by default"; curl PR #21315 blocks NTLM inside SPNEGO too), so a distribution's
// libcurl may lack it. Only the `curl` profile uses libcurl's NTLM; the scripted profiles make
// their own tokens (harness/auth/ntlm) and do not depend on it.
#pragma once

#include <optional>
#include <string>

namespace authreplay::http {

// The environment variable that forces "no NTLM" on a libcurl that has it, to test and diagnose
// what a run looks like on such a libcurl: AUTHREPLAY_LIBCURL_NTLM=off. Any other value, or none,
// means "as libcurl says". Read once, at the first libcurlNtlm() call.
inline constexpr const char* kLibcurlNtlmVariable = "AUTHREPLAY_LIBCURL_NTLM";

struct LibcurlNtlm {
  bool available = false;
  // Why not, for reports: "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)"; empty when
  // available.
  std::string missingReason;
};

// The decision from its inputs (the seam unit tests use): FEATURES is curl_version_info's features
// word, VERSION its version ("7.88.1"), SWITCH the value of AUTHREPLAY_LIBCURL_NTLM or null.
LibcurlNtlm decideLibcurlNtlm(int features, const std::string& version, const char* switchValue);

// This process's answer, from curl_version_info(CURLVERSION_NOW) and the environment, computed on
// the first call and then fixed (thread-safe).
const LibcurlNtlm& libcurlNtlm();
inline bool libcurlHasNtlm() {
  return libcurlNtlm().available;
}

// For unit tests: replaces this process's answer (nullopt restores the detected one).
void overrideLibcurlNtlmForTesting(std::optional<LibcurlNtlm> forced);

}  // namespace authreplay::http
