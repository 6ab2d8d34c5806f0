// `authreplay bench compare A.json B.json [--max-regression 10%] [--force]` (issue 15): reads two
// bench --json files, refuses to compare runs that measured different things unless --force, prints
// the change of every figure (bench/bench_comparison.h) and exits 1 when B is worse than A by more
// than the threshold, so that a pipeline can gate on it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace authreplay::cli {

struct BenchCompareOptions {
  std::string a;
  std::string b;
  double maxRegressionPercent = 10;
  bool force = false;
  bool help = false;
};

// ARGS are those after "bench compare". Throws UsageError.
BenchCompareOptions parseBenchCompareOptions(const std::vector<std::string>& args);
std::string benchCompareUsageText();

// Exit codes: 0 within the threshold, 1 regressed past it, 2 invalid input (usage, a malformed
// file, runs of different scenarios/options/target without --force).
int runBenchCompareCommand(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err);

}  // namespace authreplay::cli
