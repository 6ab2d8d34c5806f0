// A bench run as its --json file records it (bench_report.h writes it, bench_file.h reads it
// back): what was measured, where and with what, and the figures `authreplay bench compare` sets
// side by side. Only what a comparison needs; the file holds more (histogram buckets, bytes).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace authreplay::bench {

struct LatencyFigures {
  double p50Us = 0;
  double p90Us = 0;
  double p99Us = 0;
  double maxUs = 0;
};

struct LegFigures {
  std::string name;  // "NTLM/1 -> 401" (request_record.h)
  int position = 0;  // 1-based position in its request
  LatencyFigures latency;
};

struct BenchFigures {
  std::string file;  // where it was read from, for messages
  std::string startedAt;
  std::string authreplayVersion;
  std::string libcurlVersion;
  std::string targetName;
  std::string targetUrl;
  std::vector<std::string> scenarios;  // files, or {"shorthand"}
  // The run's options ("connections", "connectionMode", ...), in file order: two runs compare only
  // when these agree (as JSON values: 0 and 0.0 are the same duration), whatever options a later
  // version adds.
  std::vector<std::pair<std::string, nlohmann::json>> options;
  double throughput = 0;  // authenticated requests (or scenario runs) per second
  std::int64_t requests = 0;
  std::int64_t failed = 0;
  std::int64_t failedChecks = 0;
  LatencyFigures latency;  // of whole requests (runs)
  std::vector<LegFigures> legs;

  bool shorthand() const { return scenarios.size() == 1 && scenarios.front() == "shorthand"; }
};

}  // namespace authreplay::bench
