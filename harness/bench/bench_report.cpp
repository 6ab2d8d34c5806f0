#include "bench/bench_report.h"

#include <cstdio>

namespace authreplay::bench {

namespace {

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// Latencies are printed in milliseconds with microsecond resolution.
std::string ms(std::int64_t micros) {
  return fixed(static_cast<double>(micros) / 1000.0, 3);
}

std::string percentiles(const LatencyHistogram& h) {
  return "p50 " + ms(h.percentile(50)) + "  p90 " + ms(h.percentile(90)) + "  p99 " +
         ms(h.percentile(99)) + "  max " + ms(h.max());
}

nlohmann::json histogramJson(const LatencyHistogram& h, bool withBuckets) {
  nlohmann::json j = {{"count", h.count()},        {"minUs", h.min()},
                      {"meanUs", h.mean()},        {"p50Us", h.percentile(50)},
                      {"p90Us", h.percentile(90)}, {"p99Us", h.percentile(99)},
                      {"maxUs", h.max()}};
  if (withBuckets) {
    auto buckets = nlohmann::json::array();
    for (const auto& b : h.buckets())
      buckets.push_back({{"lowUs", b.low}, {"highUs", b.high}, {"count", b.count}});
    j["buckets"] = std::move(buckets);
  }
  return j;
}

}  // namespace

void printBenchSummary(std::ostream& out, const BenchDescription& what, const BenchResult& r) {
  const auto& s = r.stats;
  const double seconds = std::chrono::duration<double>(r.elapsed).count();
  if (what.scenario.empty()) {
    out << "bench: " << toString(what.scheme) << " (" << what.profile << " profile), "
        << what.connections << " connection" << (what.connections == 1 ? "" : "s") << ", "
        << toString(what.mode) << " connections, " << what.url << "\n";
    out << "  authenticated    " << s.authenticated() << " of " << s.requests() << " requests in "
        << fixed(seconds, 3) << " s: " << fixed(r.authenticatedPerSecond(), 1)
        << " authenticated requests/s\n";
  } else {
    out << "bench: scenario " << what.scenario << " (" << what.steps << " step"
        << (what.steps == 1 ? "" : "s") << ", " << what.profile << " profile), " << what.connections
        << " virtual browser" << (what.connections == 1 ? "" : "s") << ", " << what.url << "\n";
    out << "  completed        " << s.authenticated() << " of " << s.requests() << " runs in "
        << fixed(seconds, 3) << " s: " << fixed(r.authenticatedPerSecond(), 1) << " runs/s\n";
  }
  if (what.warmup > 0) {
    out << "  warm-up          " << r.warmup.runs << " run" << (r.warmup.runs == 1 ? "" : "s")
        << " (" << what.warmup << " per " << (what.scenario.empty() ? "connection" : "browser")
        << "), " << r.warmup.failed << " failed, not in the figures\n";
  }
  if (r.checkedRuns > 0) {
    out << "  verdicts         " << r.checkedRuns << " runs checked, " << r.failedChecks
        << " failed" << (r.firstFailure.empty() ? "" : ": " + r.firstFailure) << "\n";
  }
  if (s.authenticated() > 0) {
    out << "  latency (ms)     " << percentiles(s.whole()) << "\n";
    for (const auto* leg : s.legs()) {
      char label[320];
      std::snprintf(label, sizeof label, "    leg %d %-24s", leg->position, leg->name.c_str());
      if (leg->name.size() > 24)
        std::snprintf(label, sizeof label, "    leg %d %s\n%34s", leg->position, leg->name.c_str(),
                      "");
      out << label << " " << percentiles(leg->latency) << "  (" << leg->latency.count() << ")\n";
    }
    out << (what.scenario.empty() ? "  legs/request     " : "  legs/run         ")
        << fixed(s.legsPerRequest(), 2) << "\n";
    out << "  client/request   " << ms(static_cast<std::int64_t>(s.clientMicrosPerRequest()))
        << " ms outside the legs (token production)\n";
    out << "  bytes/request    sent " << fixed(s.bytesSentPerRequest(), 0) << ", received "
        << fixed(s.bytesReceivedPerRequest(), 0) << "\n";
  }
  if (s.errors().empty()) {
    out << "  errors           none\n";
  } else {
    out << "  errors\n";
    for (const auto& [kind, count] : s.errors())
      out << "    " << kind << ": " << count << "\n";
  }
}

nlohmann::json benchJson(const BenchDescription& what, const BenchResult& r) {
  const auto& s = r.stats;
  nlohmann::json legs = nlohmann::json::array();
  for (const auto* leg : s.legs()) {
    auto j = histogramJson(leg->latency, false);
    j["position"] = leg->position;
    j["name"] = leg->name;
    legs.push_back(std::move(j));
  }
  nlohmann::json legCounts = nlohmann::json::object();
  for (const auto& [n, count] : s.legCounts())
    legCounts[std::to_string(n)] = count;
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [kind, count] : s.errors())
    errors[kind] = count;
  nlohmann::json options = {
      {"connections", what.connections},
      {"connectionMode", toString(what.mode)},
      {"requests", what.requests},
      {"durationSeconds", what.durationSeconds},
      {"profile", what.profile},
      {"scheme", what.scenario.empty() ? toString(what.scheme) : ""},
      {"path", what.path},
      {"warmup", what.warmup},
      {"checkEvery", what.checkEvery},
  };
  return {
      {"format", kBenchFormat},
      {"startedAt", what.startedAt},
      {"authreplayVersion", what.authreplayVersion},
      {"libcurlVersion", what.libcurlVersion},
      {"target", {{"name", what.targetName}, {"url", what.url}}},
      {"scenarios", what.scenarioFiles},
      {"options", std::move(options)},
      {"warmup",
       {{"runsPerBrowser", what.warmup}, {"runs", r.warmup.runs}, {"failed", r.warmup.failed}}},
      // What the run was given is in "target" and "options" above, once.
      {"scenario", what.scenario},
      {"checkedRuns", r.checkedRuns},
      {"failedChecks", r.failedChecks},
      {"elapsedSeconds", std::chrono::duration<double>(r.elapsed).count()},
      {"requests", s.requests()},
      {"authenticated", s.authenticated()},
      {"failed", s.failed()},
      {"authenticatedPerSecond", r.authenticatedPerSecond()},
      {"latency", histogramJson(s.whole(), true)},
      {"legs", std::move(legs)},
      {"legsPerRequest", s.legsPerRequest()},
      {"legCounts", std::move(legCounts)},
      {"bytesSentPerRequest", s.bytesSentPerRequest()},
      {"bytesReceivedPerRequest", s.bytesReceivedPerRequest()},
      {"clientMicrosPerRequest", s.clientMicrosPerRequest()},
      {"errors", std::move(errors)},
  };
}

}  // namespace authreplay::bench
