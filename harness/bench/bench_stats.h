// Everything `authreplay bench` reports, accumulated request by request in bounded memory: one
// histogram for whole authenticated requests and one per leg name (a handful: what was sent and
// what came back), counters, and errors by kind (a small set: status.substatus or a transport
// error's kind). Nothing grows with the number of requests.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/latency_histogram.h"
#include "bench/request_record.h"

namespace authreplay::bench {

struct LegStats {
  std::string name;  // "NTLM/1 -> 401"
  int position = 0;  // 1-based position in its request, for ordering
  LatencyHistogram latency;
};

class BenchStats {
 public:
  void add(const RequestRecord& request);

  std::uint64_t requests() const { return authenticated_ + failed_; }
  std::uint64_t authenticated() const { return authenticated_; }
  std::uint64_t failed() const { return failed_; }
  // Runs (authenticated or not) in which the server answered at least one leg.
  std::uint64_t answered() const { return answered_; }
  const LatencyHistogram& whole() const { return whole_; }
  // In order of position, then name.
  std::vector<const LegStats*> legs() const;
  // Legs per authenticated request -> how many requests had that many.
  const std::map<int, std::uint64_t>& legCounts() const { return legCounts_; }
  double legsPerRequest() const;
  double bytesSentPerRequest() const;
  double bytesReceivedPerRequest() const;
  // Mean client-side time per authenticated request outside its legs (RequestRecord::clientMicros).
  double clientMicrosPerRequest() const;
  const std::map<std::string, std::uint64_t>& errors() const { return errors_; }

 private:
  LatencyHistogram whole_;
  std::map<std::string, LegStats> legs_;
  std::map<int, std::uint64_t> legCounts_;
  std::map<std::string, std::uint64_t> errors_;
  std::uint64_t authenticated_ = 0;
  std::uint64_t failed_ = 0;
  std::uint64_t answered_ = 0;
  std::uint64_t legTotal_ = 0;
  std::uint64_t bytesSent_ = 0;
  std::uint64_t bytesReceived_ = 0;
  std::uint64_t clientMicros_ = 0;
};

}  // namespace authreplay::bench
