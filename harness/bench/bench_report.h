// What `authreplay bench` shows: a console summary and the --json document. Read-only on results.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "bench/bench_engine.h"
#include "bench/shorthand.h"

namespace authreplay::bench {

struct BenchDescription {
  std::string url;
  std::string scenario;  // the scenario's id; "" for the shorthand
  int steps = 1;
  Handshake scheme = Handshake::kNtlm;  // the shorthand's
  std::string profile = "curl";
  ConnectionMode mode = ConnectionMode::kFresh;
  int connections = 1;
  long requests = 0;  // the budget; 0 with a duration
  double durationSeconds = 0;
};

void printBenchSummary(std::ostream& out, const BenchDescription& what, const BenchResult& result);

// Every figure of the summary, plus each histogram's non-empty buckets (their counts add up to
// the histogram's count) so that other tools can merge or re-plot them.
nlohmann::json benchJson(const BenchDescription& what, const BenchResult& result);

}  // namespace authreplay::bench
