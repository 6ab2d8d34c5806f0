// One virtual browser on its own connection, making authenticated requests one after the other.
// The engine asks it for a request's first transfer, feeds back each finished transfer, and gets
// either the next transfer of the same request or the finished RequestRecord.
//
// Two kinds (issue 6 --profile, mirroring issue 4's profiles in harness/browser without depending
// on its runner-facing Profile class, which performs transfers synchronously):
//   curl_client.h     libcurl's own handshake (CURLOPT_HTTPAUTH), one transfer per request;
//   scripted_client.h ie11 / chrome: one transfer per leg with Authorization from a token producer.
#pragma once

#include <memory>
#include <optional>

#include "bench/request_record.h"
#include "bench/workload.h"
#include "http/multi_driver.h"

namespace authreplay::bench {

class VirtualClient {
 public:
  virtual ~VirtualClient() = default;

  // Starts a new authenticated request: its first transfer, or nullopt when the request failed
  // before anything was sent (record() says why).
  virtual std::optional<http::MultiRequest> begin() = 0;
  // A transfer of the current request finished: the next one, or nullopt when the request is done.
  virtual std::optional<http::MultiRequest> onTransfer(http::MultiOutcome&& outcome) = 0;
  // The current (or just finished) request.
  const RequestRecord& record() const { return record_; }

 protected:
  http::MultiRequest baseRequest(const Workload& w) const;
  RequestRecord record_;
};

std::unique_ptr<VirtualClient> makeVirtualClient(const Workload& workload);

}  // namespace authreplay::bench
