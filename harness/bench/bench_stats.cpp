#include "bench/bench_stats.h"

#include <algorithm>

namespace authreplay::bench {

void BenchStats::add(const RequestRecord& request) {
  if (request.answered)
    ++answered_;
  if (!request.authenticated) {
    ++failed_;
    ++errors_[request.errorKind.empty() ? "unknown" : request.errorKind];
    return;
  }
  // Latency, legs and bytes describe authenticated requests only: a refused one is cheaper and
  // would flatter the figures.
  ++authenticated_;
  whole_.record(request.micros);
  ++legCounts_[static_cast<int>(request.legs.size())];
  legTotal_ += request.legs.size();
  bytesSent_ += request.bytesSent;
  bytesReceived_ += request.bytesReceived;
  clientMicros_ += static_cast<std::uint64_t>(request.clientMicros());
  for (std::size_t i = 0; i < request.legs.size(); ++i) {
    const auto& leg = request.legs[i];
    const std::string key = std::to_string(i + 1) + " " + leg.name;
    auto [it, inserted] = legs_.try_emplace(key);
    if (inserted) {
      it->second.name = leg.name;
      it->second.position = static_cast<int>(i + 1);
    }
    it->second.latency.record(leg.micros);
  }
}

std::vector<const LegStats*> BenchStats::legs() const {
  std::vector<const LegStats*> out;
  for (const auto& [key, leg] : legs_)
    out.push_back(&leg);
  std::stable_sort(out.begin(), out.end(),
                   [](const LegStats* a, const LegStats* b) { return a->position < b->position; });
  return out;
}

double BenchStats::legsPerRequest() const {
  return authenticated_ == 0 ? 0.0 : static_cast<double>(legTotal_) / authenticated_;
}
double BenchStats::bytesSentPerRequest() const {
  return authenticated_ == 0 ? 0.0 : static_cast<double>(bytesSent_) / authenticated_;
}
double BenchStats::clientMicrosPerRequest() const {
  return authenticated_ == 0 ? 0.0 : static_cast<double>(clientMicros_) / authenticated_;
}
double BenchStats::bytesReceivedPerRequest() const {
  return authenticated_ == 0 ? 0.0 : static_cast<double>(bytesReceived_) / authenticated_;
}

}  // namespace authreplay::bench
