#include "browser/curl_profile.h"

#include <algorithm>

#include "http/libcurl_ntlm.h"

namespace authreplay::browser {

CurlProfile::CurlProfile(std::vector<auth::Scheme> schemes, std::optional<bool> preAuth,
                         ClientCredentials credentials, std::string name, bool anonymous,
                         http::HttpVersionPolicy httpVersion)
    : name_(std::move(name)), httpVersion_(httpVersion) {
  if (anonymous)
    return;
  if (schemes.empty())
    schemes = {auth::Scheme::kNegotiate, auth::Scheme::kNtlm};
  if (!credentials.present) {
    // Without a password only Kerberos (from the ccache) can work; without that, no auth at all.
    if (!credentials.kerberos)
      return;
    std::erase_if(schemes, [](auth::Scheme s) { return s != auth::Scheme::kNegotiate; });
    if (schemes.empty())
      return;
    credentials.user.clear();
    credentials.password = auth::Secret();
  }
  auth_.schemes = std::move(schemes);
  // libcurl pre-authenticates with a single scheme; CURLAUTH_ONLY makes it ask anonymously first.
  auth_.probeFirst = preAuth == false;
  auth_.user = std::move(credentials.user);
  auth_.password = std::move(credentials.password);
}

// Only CURLAUTH_NTLM needs libcurl's NTLM. Negotiate alone does not: libcurl's Negotiate is
// GSSAPI's SPNEGO (lib/vauth/spnego_gssapi.c), whose NTLM sub-mechanism, if any, would be GSSAPI's
// (gss-ntlmssp), not libcurl's, and newer libcurl refuses NTLM inside SPNEGO anyway (curl PR
// #21315); the lab's Negotiate scenarios use Kerberos. An empty scheme list means Negotiate and
// NTLM (see the constructor), so it needs NTLM too, unless only the ccache could be used.
bool CurlProfile::usesLibcurlNtlm() const {
  return std::find(auth_.schemes.begin(), auth_.schemes.end(), auth::Scheme::kNtlm) !=
         auth_.schemes.end();
}

std::optional<std::string> CurlProfile::unavailableReason() const {
  if (usesLibcurlNtlm() && !http::libcurlHasNtlm())
    return http::libcurlNtlm().missingReason;
  return std::nullopt;
}

Decision CurlProfile::begin(const http::TransferRequest& step) {
  http::TransferRequest withAuth = step;
  withAuth.auth = auth_;
  withAuth.httpVersion = httpVersion_;
  return withAuth;
}

}  // namespace authreplay::browser
