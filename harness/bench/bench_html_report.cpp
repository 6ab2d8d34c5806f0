#include "bench/bench_html_report.h"

#include <cstdio>
#include <string>

#include "bench/latency_plot.h"
#include "text/markup_escape.h"

namespace authreplay::bench {

namespace {

constexpr const char* kStyle =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "h2{margin-top:1.5em}code{font-size:0.95em}";

std::string esc(const std::string& text) {
  return text::escapeMarkup(text);
}

std::string ms(std::int64_t micros) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(micros) / 1000.0);
  return text;
}

void row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "<tr><th>" << esc(name) << "</th><td>" << esc(value) << "</td></tr>\n";
}

void latencyRow(std::ostream& out, const std::string& name, const LatencyHistogram& h) {
  out << "<tr><td>" << esc(name) << "</td><td class=\"n\">" << h.count() << "</td>";
  for (const double p : {50.0, 90.0, 99.0})
    out << "<td class=\"n\">" << ms(h.percentile(p)) << "</td>";
  out << "<td class=\"n\">" << ms(h.max()) << "</td></tr>\n";
}

std::string legTitle(const LegStats& leg) {
  return "leg " + std::to_string(leg.position) + " " + leg.name;
}

void metadata(std::ostream& out, const BenchDescription& what) {
  out << "<h2>What was measured</h2>\n<table>\n";
  row(out, "started", what.startedAt);
  row(out, "authreplay", what.authreplayVersion);
  row(out, "libcurl", what.libcurlVersion);
  row(out, "target", what.targetName.empty() ? "(--target)" : what.targetName);
  row(out, "URL", what.url);
  std::string scenarios;
  for (const auto& file : what.scenarioFiles)
    scenarios += (scenarios.empty() ? "" : ", ") + file;
  row(out, "scenarios", scenarios + (what.scenario.empty() ? "" : " (" + what.scenario + ")"));
  if (what.scenario.empty()) {
    row(out, "scheme", toString(what.scheme));
    row(out, "path", what.path);
  }
  row(out, "profile", what.profile);
  row(out, "connections", std::to_string(what.connections) + ", " + toString(what.mode));
  row(out, "budget",
      what.durationSeconds > 0
          ? std::to_string(what.durationSeconds) + " s"
          : std::to_string(what.requests) + (what.scenario.empty() ? " requests" : " runs"));
  row(out, "warm-up", std::to_string(what.warmup) + " per virtual browser");
  out << "</table>\n";
}

void figures(std::ostream& out, const BenchDescription& what, const BenchResult& r) {
  const auto& s = r.stats;
  const char* unit = what.scenario.empty() ? "authenticated requests/s" : "runs/s";
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f %s", r.authenticatedPerSecond(), unit);
  out << "<h2>Figures</h2>\n<table>\n";
  row(out, "throughput", rate);
  row(out, "completed", std::to_string(s.authenticated()) + " of " + std::to_string(s.requests()));
  row(out, "failed", std::to_string(s.failed()));
  if (r.checkedRuns > 0) {
    row(out, "verdicts",
        std::to_string(r.checkedRuns) + " checked, " + std::to_string(r.failedChecks) + " failed" +
            (r.firstFailure.empty() ? "" : ": " + r.firstFailure));
  }
  row(out, "warm-up runs (not in the figures)",
      std::to_string(r.warmup.runs) + ", " + std::to_string(r.warmup.failed) + " failed");
  for (const auto& [kind, count] : s.errors())
    row(out, "error " + kind, std::to_string(count));
  out << "</table>\n<table>\n<tr><th>latency (ms)</th><th>count</th><th>p50</th><th>p90</th>"
         "<th>p99</th><th>max</th></tr>\n";
  latencyRow(out, what.scenario.empty() ? "whole request" : "whole run", s.whole());
  for (const auto* leg : s.legs())
    latencyRow(out, legTitle(*leg), leg->latency);
  out << "</table>\n";
}

}  // namespace

void writeBenchHtml(std::ostream& out, const BenchDescription& what, const BenchResult& r) {
  const std::string title =
      "authreplay bench: " + (what.scenario.empty() ? std::string(toString(what.scheme)) + " " +
                                                          what.profile + " " + what.path
                                                    : what.scenario);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
      << esc(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<h1>"
      << esc(title) << "</h1>\n";
  metadata(out, what);
  figures(out, what, r);
  out << "<h2>Latency distribution per leg</h2>\n";
  for (const auto* leg : r.stats.legs()) {
    const auto name = legTitle(*leg);
    out << "<section class=\"leg\">\n<h3>" << esc(name) << "</h3>\n"
        << latencyPlotSvg(leg->latency, name) << "\n</section>\n";
  }
  out << "</body>\n</html>\n";
}

}  // namespace authreplay::bench
