// The HTML bench report's structure: one self-contained page, what was measured, one latency plot
// per leg drawn from its histogram's buckets, every name escaped.
#include "bench/bench_html_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "bench/latency_plot.h"

namespace {

using namespace authreplay::bench;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

BenchResult threeLegRuns() {
  BenchResult r;
  for (int i = 0; i < 50; ++i) {
    RequestRecord request;
    request.authenticated = true;
    request.micros = 900 + 10 * i;
    request.legs = {
        {"none -> 401", 100 + i}, {"NTLM/1 -> 401", 300 + i}, {"NTLM/3 -> 200", 400 + 5 * i}};
    r.stats.add(request);
  }
  r.elapsed = std::chrono::milliseconds(100);
  r.warmup = {2, 0};
  return r;
}

TEST(BenchHtmlReportTest, OnePlotPerLegAndTheRunsMetadataInOneSelfContainedPage) {
  BenchDescription what;
  what.authreplayVersion = "0.9.0";
  what.libcurlVersion = "7.88.1";
  what.targetName = "lab <staging>";
  what.url = "http://127.0.0.1:41001/KernelModeOff/index.htm";
  what.scenarioFiles = {"shorthand"};
  what.path = "/KernelModeOff/index.htm";
  what.profile = "chrome";
  std::ostringstream out;
  writeBenchHtml(out, what, threeLegRuns());
  const auto html = out.str();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(occurrences(html, "<svg "), 3u);
  EXPECT_EQ(occurrences(html, "</svg>"), 3u);
  for (const char* leg :
       {"leg 1 none -&gt; 401", "leg 2 NTLM/1 -&gt; 401", "leg 3 NTLM/3 -&gt; 200"})
    EXPECT_EQ(occurrences(html, std::string("<h3>") + leg + "</h3>"), 1u) << leg;
  EXPECT_NE(html.find("<th>target</th><td>lab &lt;staging&gt;</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>libcurl</th><td>7.88.1</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>warm-up runs (not in the figures)</th><td>2, 0 failed</td>"),
            std::string::npos);
  // Nothing loaded from elsewhere: no script, no link, no src.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
}

TEST(LatencyPlotTest, OneBarPerBucketOnALogAxisWithItsLabels) {
  LatencyHistogram h;
  for (int i = 0; i < 10; ++i)
    h.record(100);  // one exact bucket
  for (int i = 0; i < 5; ++i)
    h.record(5000);  // one bucket of the 4096..8191 octave
  const auto svg = latencyPlotSvg(h, "leg 1 NTLM/1 -> 401");
  EXPECT_EQ(occurrences(svg, "<rect "), h.buckets().size());
  EXPECT_EQ(h.buckets().size(), 2u);
  EXPECT_NE(svg.find("<title>leg 1 NTLM/1 -&gt; 401</title>"), std::string::npos);
  EXPECT_NE(svg.find(">latency (ms, log scale)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">requests per bucket</text>"), std::string::npos);
  // Decade ticks inside the range, in milliseconds.
  EXPECT_NE(svg.find(">0.1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">p50 0.1 ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">p99 "), std::string::npos);
}

TEST(LatencyPlotTest, AnEmptyHistogramSaysSo) {
  const auto svg = latencyPlotSvg(LatencyHistogram{}, "leg");
  EXPECT_EQ(occurrences(svg, "<rect "), 0u);
  EXPECT_NE(svg.find(">no data</text>"), std::string::npos);
}

}  // namespace
