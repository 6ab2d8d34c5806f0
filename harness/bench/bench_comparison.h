// `authreplay bench compare A.json B.json`: the change of every figure from run A to run B, and
// whether B regressed past a threshold, so that a pipeline can gate on it (issue 15). Pure: the
// figures in, the comparison out; the command (cli/bench_compare_command.h) reads the files and
// prints it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "bench/bench_figures.h"

namespace authreplay::bench {

// Which way a figure improves.
enum class Better { kLower, kHigher };

struct FigureChange {
  std::string figure;       // "throughput (requests/s)", "p99 ms", "leg 1 NTLM/1 -> 401 p99 ms"
  std::optional<double> a;  // nullopt: the figure is not in that run (a leg only one run has)
  std::optional<double> b;
  Better better = Better::kLower;
  // Counts against --max-regression: throughput and the p50/p90/p99 latencies. The max (one
  // sample) and failures are shown but not gated; a run with failures already exits 1 itself.
  bool gated = true;
  // (b - a) / a in percent; nullopt when either is missing, or a is 0 and b is not.
  std::optional<double> changePercent;
  bool pastThreshold = false;  // gated, and worse by more than the threshold
  bool count = false;          // a number of runs, printed without decimals
};

struct BenchComparison {
  double maxRegressionPercent = 10;
  // What the two runs measured differently (target, scenarios, options): "options.connections: 1
  // in A, 4 in B". Comparing their figures means nothing unless the user insists (--force).
  std::vector<std::string> differences;
  // What differs but does not make the comparison meaningless (versions, the target's URL, whose
  // port changes with every embedded lab).
  std::vector<std::string> notes;
  std::vector<FigureChange> figures;

  bool regressed() const;
};

BenchComparison compareBenchRuns(const BenchFigures& a, const BenchFigures& b,
                                 double maxRegressionPercent);

// The table: one line per figure with A, B and the change, "<< worse by more than 10%" marking
// those past the threshold; then a one-line verdict.
void printComparison(std::ostream& out, const BenchFigures& a, const BenchFigures& b,
                     const BenchComparison& comparison);

// "10%" or "10" -> 10; nullopt for anything else (negative, not a number, above 1000).
std::optional<double> parseRegressionThreshold(const std::string& text);

}  // namespace authreplay::bench
