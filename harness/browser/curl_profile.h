// The `curl` profile: libcurl's own authentication (CURLOPT_HTTPAUTH), which makes the NTLM and
// Negotiate legs inside one transfer. What curl and libcurl-based clients do is itself worth
// replaying, and every internal leg is recorded by http::Client.
#pragma once

#include <vector>

#include "browser/profile.h"

namespace authreplay::browser {

class CurlProfile : public Profile {
 public:
  // SCHEMES empty: Negotiate and NTLM (libcurl then asks anonymously first and prefers Negotiate).
  CurlProfile(std::vector<http::AuthScheme> schemes, std::optional<bool> preAuth,
              ClientCredentials credentials, std::string name = "curl");

  std::string name() const override { return name_; }
  http::TransferResult send(const http::TransferRequest& request,
                            http::Transport& transport) override;
  // The schemes libcurl is given include NTLM and this libcurl has none (http/libcurl_ntlm.h).
  std::optional<std::string> unavailableReason() const override;

  // Whether libcurl is handed CURLAUTH_NTLM for this scenario: NTLM among the schemes it may use,
  // after those the credentials cannot serve are dropped (exposed for tests).
  bool usesLibcurlNtlm() const;

 private:
  http::CurlAuth auth_;
  std::string name_;
};

// The `anonymous` profile: never sends credentials.
class AnonymousProfile : public Profile {
 public:
  std::string name() const override { return "anonymous"; }
  http::TransferResult send(const http::TransferRequest& request,
                            http::Transport& transport) override {
    return transport.perform(request);
  }
};

}  // namespace authreplay::browser
