#include "browser/curl_profile.h"

#include <stdexcept>

namespace authreplay::browser {

CurlProfile::CurlProfile(std::vector<http::AuthScheme> schemes, std::optional<bool> preAuth,
                         ClientCredentials credentials, std::string name)
    : name_(std::move(name)) {
  if (schemes.empty())
    schemes = {http::AuthScheme::kNegotiate, http::AuthScheme::kNtlm};
  if (!credentials.present) {
    // Without a password only Kerberos (from the ccache) can work; without that, no auth at all.
    if (!credentials.kerberos)
      return;
    std::erase_if(schemes, [](http::AuthScheme s) { return s != http::AuthScheme::kNegotiate; });
    if (schemes.empty())
      return;
    credentials.user.clear();
    credentials.password.clear();
  }
  auth_.schemes = std::move(schemes);
  // libcurl pre-authenticates with a single scheme; CURLAUTH_ONLY makes it ask anonymously first.
  auth_.probeFirst = preAuth == false;
  auth_.user = std::move(credentials.user);
  auth_.password = std::move(credentials.password);
}

http::TransferResult CurlProfile::send(const http::TransferRequest& request,
                                       http::Transport& transport) {
  http::TransferRequest withAuth = request;
  withAuth.auth = auth_;
  return transport.perform(withAuth);
}

}  // namespace authreplay::browser
