// The `curl` profile: libcurl runs the handshake itself (CURLOPT_HTTPAUTH with the one scheme), as
// the plain baseline tests/bench/libcurl_handshake_loop.cpp does, so the two are compared like for
// like. With a single scheme libcurl pre-authenticates: NTLM is Type 1 -> 401 + Type 2 -> Type 3
// -> 200 (2 legs), Negotiate/Kerberos one AP-REQ leg, Basic one leg. On a reused connection that
// NTLM authenticated libcurl sends no header at all (1 leg).
#pragma once

#include "bench/virtual_client.h"

namespace authreplay::bench {

class CurlClient : public VirtualClient {
 public:
  explicit CurlClient(Workload workload);
  std::optional<http::MultiRequest> begin() override;
  std::optional<http::MultiRequest> onTransfer(http::MultiOutcome&& outcome) override;

 private:
  Workload workload_;
  http::MultiRequest request_;  // the same for every request
};

}  // namespace authreplay::bench
