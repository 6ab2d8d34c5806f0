#include "bench/bench_comparison.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace authreplay::bench {

namespace {

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values)
    out += (out.empty() ? "" : ", ") + v;
  return out.empty() ? "(none)" : out;
}

void differ(std::vector<std::string>& into, const std::string& what, const std::string& a,
            const std::string& b) {
  if (a != b)
    into.push_back(what + ": " + a + " in A, " + b + " in B");
}

// Options by name; one run may have an option the other lacks (written by another version).
void compareOptions(const BenchFigures& a, const BenchFigures& b, std::vector<std::string>& into) {
  auto valueIn = [](const BenchFigures& run, const std::string& key) -> const nlohmann::json* {
    for (const auto& [name, value] : run.options) {
      if (name == key)
        return &value;
    }
    return nullptr;
  };
  auto text = [](const nlohmann::json* value) { return value ? value->dump() : "(absent)"; };
  std::vector<std::string> keys;
  for (const auto* run : {&a, &b}) {
    for (const auto& [name, value] : run->options) {
      if (std::find(keys.begin(), keys.end(), name) == keys.end())
        keys.push_back(name);
    }
  }
  for (const auto& key : keys) {
    const auto* x = valueIn(a, key);
    const auto* y = valueIn(b, key);
    // nlohmann compares numbers by value: a tool that rewrote 0.0 as 0 changed nothing.
    if (!x || !y || *x != *y)
      into.push_back("options." + key + ": " + text(x) + " in A, " + text(y) + " in B");
  }
}

FigureChange change(std::string figure, std::optional<double> a, std::optional<double> b,
                    Better better, bool gated, double threshold) {
  FigureChange c{std::move(figure), a, b, better, gated, std::nullopt, false, false};
  if (a && b) {
    if (*a == 0 && *b == 0)
      c.changePercent = 0.0;
    else if (*a != 0)
      c.changePercent = (*b - *a) / *a * 100.0;
  }
  if (gated && c.changePercent) {
    c.pastThreshold =
        better == Better::kLower ? *c.changePercent > threshold : *c.changePercent < -threshold;
  }
  return c;
}

double ms(double micros) {
  return micros / 1000.0;
}

void addLatency(std::vector<FigureChange>& into, const std::string& prefix, const LatencyFigures* a,
                const LatencyFigures* b, double threshold) {
  struct Field {
    const char* name;
    double LatencyFigures::*value;
  };
  static constexpr Field kFields[] = {{"p50", &LatencyFigures::p50Us},
                                      {"p90", &LatencyFigures::p90Us},
                                      {"p99", &LatencyFigures::p99Us},
                                      {"max", &LatencyFigures::maxUs}};
  for (const auto& field : kFields) {
    auto of = [&field](const LatencyFigures* f) {
      return f ? std::optional<double>(ms(f->*field.value)) : std::nullopt;
    };
    // The maximum is one sample: shown, never gated (two identical 2000-request runs on a shared
    // 2-core machine differed by 29 % in one leg's max while p50 to p99 stayed within 10 %).
    const bool gated = field.value != &LatencyFigures::maxUs;
    into.push_back(
        change(prefix + field.name + " ms", of(a), of(b), Better::kLower, gated, threshold));
  }
}

const LegFigures* findLeg(const BenchFigures& run, const LegFigures& like) {
  for (const auto& leg : run.legs) {
    if (leg.position == like.position && leg.name == like.name)
      return &leg;
  }
  return nullptr;
}

std::string number(std::optional<double> value, bool count) {
  if (!value)
    return "-";
  char text[64];
  const double v = *value;
  std::snprintf(text, sizeof text, count ? "%.0f" : std::fabs(v) >= 100 ? "%.1f" : "%.3f", v);
  return text;
}

std::string percent(const FigureChange& c) {
  if (!c.changePercent)
    return !c.a ? "only in B" : !c.b ? "only in A" : "n/a";
  char text[64];
  std::snprintf(text, sizeof text, "%+.1f %%", *c.changePercent);
  return text;
}

std::string padded(const std::string& text, std::size_t width, bool right) {
  if (text.size() >= width)
    return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

}  // namespace

bool BenchComparison::regressed() const {
  return std::any_of(figures.begin(), figures.end(),
                     [](const FigureChange& f) { return f.pastThreshold; });
}

BenchComparison compareBenchRuns(const BenchFigures& a, const BenchFigures& b,
                                 double maxRegressionPercent) {
  BenchComparison c;
  c.maxRegressionPercent = maxRegressionPercent;
  differ(c.differences, "target", a.targetName, b.targetName);
  differ(c.differences, "scenarios", joined(a.scenarios), joined(b.scenarios));
  compareOptions(a, b, c.differences);
  differ(c.notes, "target URL", a.targetUrl, b.targetUrl);
  differ(c.notes, "authreplay", a.authreplayVersion, b.authreplayVersion);
  differ(c.notes, "libcurl", a.libcurlVersion, b.libcurlVersion);

  const double t = maxRegressionPercent;
  const std::string unit = a.shorthand() ? "requests/s" : "runs/s";
  c.figures.push_back(
      change("throughput (" + unit + ")", a.throughput, b.throughput, Better::kHigher, true, t));
  addLatency(c.figures, "", &a.latency, &b.latency, t);
  // Legs by position and name, A's order first, then those only B has.
  for (const auto& leg : a.legs) {
    addLatency(c.figures, "leg " + std::to_string(leg.position) + " " + leg.name + " ",
               &leg.latency, findLeg(b, leg) ? &findLeg(b, leg)->latency : nullptr, t);
  }
  for (const auto& leg : b.legs) {
    if (!findLeg(a, leg)) {
      addLatency(c.figures, "leg " + std::to_string(leg.position) + " " + leg.name + " ", nullptr,
                 &leg.latency, t);
    }
  }
  c.figures.push_back(change("failed", static_cast<double>(a.failed), static_cast<double>(b.failed),
                             Better::kLower, false, t));
  c.figures.push_back(change("failed checks", static_cast<double>(a.failedChecks),
                             static_cast<double>(b.failedChecks), Better::kLower, false, t));
  for (auto it = c.figures.end() - 2; it != c.figures.end(); ++it)
    it->count = true;
  return c;
}

void printComparison(std::ostream& out, const BenchFigures& a, const BenchFigures& b,
                     const BenchComparison& c) {
  char threshold[32];
  std::snprintf(threshold, sizeof threshold, "%g%%", c.maxRegressionPercent);
  out << "bench compare: A " << a.file << " (" << a.startedAt << ")\n"
      << "               B " << b.file << " (" << b.startedAt << ")\n";
  for (const auto& note : c.notes)
    out << "  note: " << note << "\n";
  for (const auto& difference : c.differences)
    out << "  differs: " << difference << "\n";
  std::size_t width = 6;
  for (const auto& f : c.figures)
    width = std::max(width, f.figure.size());
  out << "  " << padded("figure", width, false) << padded("A", 12, true) << padded("B", 12, true)
      << padded("change", 12, true) << "\n";
  std::size_t past = 0;
  for (const auto& f : c.figures) {
    out << "  " << padded(f.figure, width, false) << padded(number(f.a, f.count), 12, true)
        << padded(number(f.b, f.count), 12, true) << padded(percent(f), 12, true);
    if (f.pastThreshold) {
      ++past;
      out << "  << " << (f.better == Better::kHigher ? "lower" : "slower") << " by more than "
          << threshold;
    }
    out << "\n";
  }
  if (past == 0) {
    out << "within " << threshold << ": no figure regressed past the threshold\n";
  } else {
    out << "regressed: " << past << " figure" << (past == 1 ? "" : "s") << " worse by more than "
        << threshold << "\n";
  }
}

std::optional<double> parseRegressionThreshold(const std::string& text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.back() == '%')
    digits.remove_suffix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
      !(value >= 0) || value > 1000)
    return std::nullopt;
  return value;
}

}  // namespace authreplay::bench
