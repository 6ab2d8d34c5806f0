#include "cli/bench_compare_command.h"

#include "bench/bench_comparison.h"
#include "bench/bench_file.h"
#include "cli/arg_reader.h"
#include "cli/exit_codes.h"
#include "json/source_document.h"

namespace authreplay::cli {

std::string benchCompareUsageText() {
  return R"(usage: authreplay bench compare A.json B.json [--max-regression 10%] [--force]

Compares two `authreplay bench --json` files: throughput, latency p50/p90/p99/max of whole
requests and of each leg, failures, with A, B and the change from A to B.

  --max-regression P   how much worse B may be before it counts as a regression: throughput
                       lower, or any latency figure slower, by more than P percent ("10%" or
                       "10"; default 10%)
  --force              compare even when the runs measured different things (target,
                       scenarios or options differ)
  -h, --help           this text

exit codes: 0 no figure regressed past the threshold, 1 some did, 2 invalid input (usage, a
            malformed bench file, runs that differ without --force)
)";
}

BenchCompareOptions parseBenchCompareOptions(const std::vector<std::string>& args) {
  BenchCompareOptions o;
  std::vector<std::string> files;
  ArgReader reader(args);
  while (!reader.done()) {
    const std::string& name = reader.next();
    if (name == "-h" || name == "--help") {
      o.help = true;
      return o;
    }
    if (name == "--max-regression") {
      const auto text = reader.value();
      const auto value = bench::parseRegressionThreshold(text);
      if (!value) {
        throw UsageError(
            "--max-regression expects a percentage from 0 to 1000 such as 10% or 10, "
            "got \"" +
            text + "\"");
      }
      o.maxRegressionPercent = *value;
    } else if (name == "--force") {
      o.force = true;
    } else if (reader.arg().empty() || reader.arg().front() != '-') {
      files.push_back(reader.arg());
    } else {
      throw UsageError("unknown bench compare option " + name +
                       " (see authreplay bench compare --help)");
    }
  }
  if (files.size() != 2) {
    throw UsageError("bench compare expects two bench files, A and B, got " +
                     std::to_string(files.size()));
  }
  o.a = files[0];
  o.b = files[1];
  return o;
}

int runBenchCompareCommand(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err) {
  BenchCompareOptions o;
  try {
    o = parseBenchCompareOptions(args);
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n\n" << benchCompareUsageText();
    return kInvalidInput;
  }
  if (o.help) {
    out << benchCompareUsageText();
    return kAllPassed;
  }
  std::vector<bench::BenchFigures> runs;
  bool invalid = false;
  for (const auto& file : {o.a, o.b}) {
    try {
      runs.push_back(bench::loadBenchFile(file));
    } catch (const json::SourceErrors& e) {
      for (const auto& error : e.all())
        err << "error: " << error.what() << "\n";
      invalid = true;
    } catch (const json::SourceError& e) {
      err << "error: " << e.what() << "\n";
      invalid = true;
    }
  }
  if (invalid)
    return kInvalidInput;
  const auto comparison = bench::compareBenchRuns(runs[0], runs[1], o.maxRegressionPercent);
  if (!comparison.differences.empty() && !o.force) {
    err << "error: " << o.a << " and " << o.b << " measured different things:\n";
    for (const auto& difference : comparison.differences)
      err << "  " << difference << "\n";
    err << "give --force to compare them anyway\n";
    return kInvalidInput;
  }
  bench::printComparison(out, runs[0], runs[1], comparison);
  return comparison.regressed() ? kExpectationFailed : kAllPassed;
}

}  // namespace authreplay::cli
