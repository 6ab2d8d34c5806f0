// The latency distribution of one histogram as an inline SVG (issue 15: "a plot of the latency
// distribution per leg in the HTML bench report, drawn from the HDR buckets"). x: latency on a log
// scale (the buckets are log-linear, so each octave gets the same width and the 128 sub-buckets of
// an octave equal bars); y: requests per bucket, with the p50 and p99 marked. Self-contained: no
// script, no external style, every text escaped.
#pragma once

#include <string>

#include "bench/latency_histogram.h"

namespace authreplay::bench {

// TITLE is the plot's accessible name (<title>); an empty histogram draws the axes and "no data".
std::string latencyPlotSvg(const LatencyHistogram& histogram, const std::string& title);

}  // namespace authreplay::bench
