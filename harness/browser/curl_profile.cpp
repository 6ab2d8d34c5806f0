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

http::TransferResult CurlProfile::send(const http::TransferRequest& request, http::Client& client) {
  http::TransferRequest withAuth = request;
  withAuth.auth = auth_;
  return client.perform(withAuth);
}

std::unique_ptr<Profile> makeProfile(const scenario::Client& client,
                                     ClientCredentials credentials) {
  if (client.browser == "anonymous" || client.credentials == scenario::Credentials::kNone) {
    if (client.browser == "anonymous")
      return std::make_unique<AnonymousProfile>();
    credentials = ClientCredentials{};
  }
  if (client.browser == "basic") {
    // A client that can do Basic only (seed 002: "an older, non-Internet Explorer client").
    return std::make_unique<CurlProfile>(std::vector{http::AuthScheme::kBasic}, std::nullopt,
                                         std::move(credentials), "basic");
  }
  if (client.browser == "curl") {
    std::vector<http::AuthScheme> schemes;
    for (const auto& scheme : client.schemes) {
      if (scheme == "Basic")
        schemes.push_back(http::AuthScheme::kBasic);
      if (scheme == "NTLM")
        schemes.push_back(http::AuthScheme::kNtlm);
      if (scheme == "Negotiate")
        schemes.push_back(http::AuthScheme::kNegotiate);
    }
    return std::make_unique<CurlProfile>(std::move(schemes), client.preAuth,
                                         std::move(credentials));
  }
  throw std::invalid_argument("unknown browser profile \"" + client.browser + "\"");
}

}  // namespace authreplay::browser
