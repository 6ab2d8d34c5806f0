// Drives a bench run: CONNECTIONS virtual clients (virtual_client.h) at once through one
// http::MultiDriver on the calling thread, each starting its next authenticated request as soon
// as the last one finished, until the request budget or the duration is spent; then the requests
// under way finish. Every finished request goes into BenchStats (bounded memory).
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "bench/bench_stats.h"
#include "bench/workload.h"

namespace authreplay::bench {

struct BenchLimits {
  int connections = 1;
  long requests = 1000;  // 0: no request limit (duration only)
  std::optional<std::chrono::milliseconds> duration;
  // Polled before each new request: true stops starting new ones (the embedded lab was
  // interrupted); the requests under way still finish.
  std::function<bool()> stopRequested;
};

struct BenchProgress {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  long target = 0;  // requests, or 0 with a duration
  std::chrono::steady_clock::duration elapsed{};
  std::optional<std::chrono::milliseconds> duration;
};

struct BenchResult {
  BenchStats stats;
  std::chrono::steady_clock::duration elapsed{};  // first request's start to last one's end
  double authenticatedPerSecond() const;
};

// PROGRESS, when set, is called about four times a second from the driving thread.
BenchResult runBench(const Workload& workload, const BenchLimits& limits,
                     const std::function<void(const BenchProgress&)>& progress = {});

}  // namespace authreplay::bench
