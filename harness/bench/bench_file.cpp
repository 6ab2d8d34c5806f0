#include "bench/bench_file.h"

#include "bench/bench_report.h"
#include "json/error_collector.h"
#include "json/source_document.h"
#include "text/regular_file.h"

namespace authreplay::bench {

namespace {

using json::ObjectReader;
using json::SourceDocument;

// ObjectReader has integers only; the figures are fractional (requests/s) or integers (µs), and
// both must read as numbers.
double requiredNumber(ObjectReader& r, std::string_view key) {
  r.allow(key);
  const auto& member = r.value(key);
  if (!member.is_number()) {
    throw r.document().errorAt(r.pointerOf(key), "expected a number for \"" + std::string(key) +
                                                     "\", got " + json::typeName(member));
  }
  return member.get<double>();
}

LatencyFigures readLatency(const SourceDocument& doc, const std::string& pointer,
                           const std::string& what) {
  ObjectReader r(doc, pointer, what);
  LatencyFigures f;
  f.p50Us = requiredNumber(r, "p50Us");
  f.p90Us = requiredNumber(r, "p90Us");
  f.p99Us = requiredNumber(r, "p99Us");
  f.maxUs = requiredNumber(r, "maxUs");
  return f;
}

// Another format (or none: a file of another tool) has another layout: nothing else of it is read.
void checkFormat(const SourceDocument& doc) {
  ObjectReader r(doc, "", "a bench file");
  const auto format = r.requiredString("format");
  if (format != kBenchFormat) {
    throw doc.errorAt("/format", "unknown bench file format \"" + format + "\" (expected \"" +
                                     kBenchFormat + "\")");
  }
}

void readMetadata(const SourceDocument& doc, BenchFigures& out) {
  ObjectReader r(doc, "", "a bench file");
  out.startedAt = r.requiredString("startedAt");
  out.authreplayVersion = r.requiredString("authreplayVersion");
  out.libcurlVersion = r.requiredString("libcurlVersion");
  r.allow("target");
  ObjectReader target(doc, "/target", "\"target\"");
  out.targetName = target.requiredString("name");
  out.targetUrl = target.requiredString("url");
  r.allow("scenarios");
  const auto& scenarios = r.value("scenarios");
  if (!scenarios.is_array()) {
    throw doc.errorAt("/scenarios",
                      std::string("expected an array of strings for \"scenarios\", got ") +
                          json::typeName(scenarios));
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (!scenarios[i].is_string()) {
      throw doc.errorAt(json::childPointer("/scenarios", i),
                        std::string("expected a string, got ") + json::typeName(scenarios[i]));
    }
    out.scenarios.push_back(scenarios[i].get<std::string>());
  }
}

void readOptions(const SourceDocument& doc, BenchFigures& out) {
  ObjectReader r(doc, "/options", "\"options\"");
  for (const auto& [key, value] : doc.root().at("options").items())
    out.options.emplace_back(key, value);
}

void readFigures(const SourceDocument& doc, BenchFigures& out) {
  ObjectReader r(doc, "", "a bench file");
  out.throughput = requiredNumber(r, "authenticatedPerSecond");
  out.requests = r.requiredInteger("requests");
  out.failed = r.requiredInteger("failed");
  out.failedChecks = r.requiredInteger("failedChecks");
  r.allow("latency");
  out.latency = readLatency(doc, "/latency", "\"latency\"");
}

LegFigures readLeg(const SourceDocument& doc, std::size_t index) {
  const auto pointer = json::childPointer("/legs", index);
  ObjectReader r(doc, pointer, "a leg");
  LegFigures leg;
  leg.name = r.requiredString("name");
  r.value("position");  // required: "missing required key" otherwise
  leg.position = static_cast<int>(r.optionalIntegerIn("position", 0, 1, 1000));
  leg.latency = readLatency(doc, pointer, "leg \"" + leg.name + "\"");
  return leg;
}

}  // namespace

BenchFigures parseBenchFile(std::string_view text, const std::string& fileName) {
  const auto doc = SourceDocument::parse(text, fileName);
  BenchFigures out;
  out.file = fileName;
  // Every section is read on after an error in another, so one look shows all that is wrong.
  checkFormat(doc);
  json::ErrorCollector errors;
  errors.collect([&] { readMetadata(doc, out); });
  errors.collect([&] { readOptions(doc, out); });
  errors.collect([&] { readFigures(doc, out); });
  errors.collect([&] {
    const auto& legs = ObjectReader(doc, "", "a bench file").value("legs");
    if (!legs.is_array()) {
      throw doc.errorAt("/legs",
                        std::string("expected an array for \"legs\", got ") + json::typeName(legs));
    }
    for (std::size_t i = 0; i < legs.size(); ++i)
      errors.collect([&] { out.legs.push_back(readLeg(doc, i)); });
  });
  errors.finish(fileName);
  return out;
}

BenchFigures loadBenchFile(const std::filesystem::path& path) {
  std::string error;
  const auto text = text::readRegularFile(path, kMaxBenchFileBytes, error);
  if (!text)
    throw json::SourceError(path.string(), {1, 1}, error);
  return parseBenchFile(*text, path.string());
}

}  // namespace authreplay::bench
