// What `authreplay bench` shows: a console summary and the --json document. Read-only on results.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "bench/bench_engine.h"
#include "bench/shorthand.h"

namespace authreplay::bench {

// What was measured, where, with what and when: the figures of two runs compare only when these
// agree (bench_comparison.h), and a JSON file read a month later must still say what it measured.
struct BenchDescription {
  // When the run started, UTC ISO 8601 with milliseconds ("2026-12-07T14:57:43.875Z"); formatted
  // by the command (report/iso_time.h), as bench may not include report
  // (tests/arch/layer_order.sh).
  std::string startedAt;
  std::string authreplayVersion;  // the project's version (CMake's PROJECT_VERSION)
  std::string libcurlVersion;     // the libcurl this process loaded ("7.88.1")
  std::string targetName;         // the target file's name ("" for --target URL)
  std::string url;
  // The scenario files as given on the command line, or {"shorthand"} for --scheme/--profile.
  std::vector<std::string> scenarioFiles;
  std::string scenario;  // the scenario's id; "" for the shorthand
  std::string path;      // the shorthand's request path
  int steps = 1;
  Handshake scheme = Handshake::kNtlm;  // the shorthand's
  std::string profile = "curl";
  ConnectionMode mode = ConnectionMode::kFresh;
  int connections = 1;
  long requests = 0;  // the budget; 0 with a duration
  double durationSeconds = 0;
  int warmup = 1;  // warm-up runs per virtual browser
  int checkEvery = 0;
};

void printBenchSummary(std::ostream& out, const BenchDescription& what, const BenchResult& result);

inline constexpr const char* kBenchFormat = "authreplay-bench/1";

// Every figure of the summary, plus each histogram's non-empty buckets (their counts add up to
// the histogram's count) so that other tools can merge or re-plot them.
nlohmann::json benchJson(const BenchDescription& what, const BenchResult& result);

}  // namespace authreplay::bench
