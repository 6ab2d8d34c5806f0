// Drives a bench run: CONNECTIONS virtual browsers (virtual_browser.h) at once through one
// http::MultiDriver on the calling thread. First each makes its warm-up runs; when all of them are
// done, the clock starts and each starts its next run of the scenario as soon as the last one
// finished, until the run budget or the duration is spent; then the runs under way finish. Every
// finished run goes into BenchStats (bounded memory); every checkEvery-th run of each browser is
// also judged against the scenario's expectations.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "bench/bench_stats.h"
#include "bench/workload.h"

namespace authreplay::bench {

struct BenchLimits {
  int connections = 1;
  // Runs each virtual browser makes before measuring: a first run pays for what later ones reuse
  // (iis-sim's and IIS's first pre-authenticated request after a start is 401.1, KB 2749007; a
  // --reuse connection's first handshake; the browser learning that the space challenges). They
  // are in no figure or histogram, and are reported apart (BenchResult::warmup).
  int warmup = 1;
  long requests = 1000;  // 0: no request limit (duration only); warm-up runs not counted
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

// The warm-up runs, apart from the measured ones: how many, and how many did not complete (or, for
// the shorthand, authenticate).
struct WarmupResult {
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;
};

struct BenchResult {
  BenchStats stats;  // measured runs only
  WarmupResult warmup;
  std::uint64_t checkedRuns = 0;                  // runs judged against the scenario's expectations
  std::uint64_t failedChecks = 0;                 // of those, the runs whose verdict failed
  std::string firstFailure;                       // the first failed expectation, for the summary
  std::chrono::steady_clock::duration elapsed{};  // first request's start to last one's end
  double authenticatedPerSecond() const;
};

// PROGRESS, when set, is called about four times a second from the driving thread.
BenchResult runBench(const Workload& workload, const BenchLimits& limits,
                     const std::function<void(const BenchProgress&)>& progress = {});

}  // namespace authreplay::bench
