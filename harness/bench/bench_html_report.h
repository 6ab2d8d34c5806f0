// `authreplay bench --report html:FILE` (issue 15): one self-contained page (no script, style or
// font from anywhere else, so it can be mailed or archived as it is) with what was measured, the
// figures, and per leg its latency distribution drawn from the histogram buckets (latency_plot.h).
// Read-only on results, like every reporter.
#pragma once

#include <ostream>

#include "bench/bench_engine.h"
#include "bench/bench_report.h"

namespace authreplay::bench {

void writeBenchHtml(std::ostream& out, const BenchDescription& what, const BenchResult& result);

}  // namespace authreplay::bench
