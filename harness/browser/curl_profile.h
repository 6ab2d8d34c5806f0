// The `curl` profile: libcurl's own authentication (CURLOPT_HTTPAUTH), which makes the NTLM and
// Negotiate legs inside one transfer. What curl and libcurl-based clients do is itself worth
// replaying, and every internal leg is recorded by the http/ transfer. `basic` (a client that can
// only do Basic) and `anonymous` (no credentials at all) are the same profile with other schemes.
#pragma once

#include <vector>

#include "browser/profile.h"

namespace authreplay::browser {

class CurlProfile : public Profile {
 public:
  // SCHEMES empty: Negotiate and NTLM (libcurl then asks anonymously first and prefers Negotiate).
  // ANONYMOUS: never authenticate, whatever the credentials. HTTP_VERSION: what libcurl asks
  // https origins for (the client switch "http2").
  CurlProfile(std::vector<auth::Scheme> schemes, std::optional<bool> preAuth,
              ClientCredentials credentials, std::string name = "curl", bool anonymous = false,
              http::HttpVersionPolicy httpVersion = http::HttpVersionPolicy::kHttp2);

  std::string name() const override { return name_; }
  Decision begin(const http::TransferRequest& step) override;
  Decision onLeg(const LegOutcome&) override { return StepDone{}; }
  // The schemes libcurl is given include NTLM and this libcurl has none (http/libcurl_ntlm.h).
  std::optional<std::string> unavailableReason() const override;

  // Whether libcurl is handed CURLAUTH_NTLM for this scenario: NTLM among the schemes it may use,
  // after those the credentials cannot serve are dropped (exposed for tests).
  bool usesLibcurlNtlm() const;

 private:
  http::CurlAuth auth_;
  std::string name_;
  http::HttpVersionPolicy httpVersion_;
};

}  // namespace authreplay::browser
