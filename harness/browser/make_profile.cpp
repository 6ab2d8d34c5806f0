#include <stdexcept>

#include "browser/browser_switches.h"
#include "browser/curl_profile.h"
#include "browser/profile.h"
#include "browser/scripted_profile.h"

namespace authreplay::browser {

std::unique_ptr<Profile> makeProfile(const scenario::Client& client,
                                     ClientCredentials credentials) {
  if (client.browser == "anonymous")
    return std::make_unique<AnonymousProfile>();
  if (client.credentials == scenario::Credentials::kNone)
    credentials = ClientCredentials{};
  if (isScriptedBrowser(client.browser))
    return std::make_unique<ScriptedProfile>(resolveSwitches(client), std::move(credentials));
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
