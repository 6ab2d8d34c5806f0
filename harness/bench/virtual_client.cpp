#include "bench/virtual_client.h"

#include "bench/curl_client.h"
#include "bench/scripted_client.h"

namespace authreplay::bench {

http::MultiRequest VirtualClient::baseRequest(const Workload& w) const {
  http::MultiRequest request;
  request.url = w.url;
  request.caFile = w.caFile;
  request.insecure = w.insecure;
  request.connectTimeout = w.connectTimeout;
  request.totalTimeout = w.requestTimeout;
  return request;
}

std::unique_ptr<VirtualClient> makeVirtualClient(const Workload& workload) {
  if (workload.profile == BenchProfile::kCurl)
    return std::make_unique<CurlClient>(workload);
  return std::make_unique<ScriptedClient>(workload);
}

}  // namespace authreplay::bench
