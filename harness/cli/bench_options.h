// `authreplay bench` options (issue 6, issue 10). The target options are the ones every command
// shares (target_options.h); the rest say what to drive and how hard. Parsing only;
// bench_command.cpp acts on it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bench/shorthand.h"
#include "cli/target_options.h"

namespace authreplay::cli {

struct BenchOptions : TargetOptions {
  // Scenario files or folders to drive (the positional arguments); empty: the shorthand below.
  std::vector<std::string> scenarios;
  int checkEvery = 100;  // --check-every N: judge every Nth run of each browser; 0 never
  // --origin: which of the target file's origins ("": "default", "tls" for basic).
  std::string origin;
  bench::Handshake scheme = bench::Handshake::kNtlm;
  // Who decides the legs: a browser of the catalogue (browser/browser_catalogue.h): "curl"
  // (libcurl's own handshake), or a scripted one ("ie11", "edge", "chrome", "dotnet").
  std::string profile = "curl";
  bool profileGiven = false;  // --profile was on the command line (not the default)
  int connections = 1;
  int warmup = 1;                // --warmup N: runs per virtual browser before measuring; 0 none
  std::optional<long> requests;  // --requests (default 1000 without --duration)
  std::optional<std::chrono::milliseconds> duration;  // --duration S
  bench::ConnectionMode mode = bench::ConnectionMode::kFresh;
  std::string path;  // --path; default per handshake (bench::defaultPath)
  std::string jsonFile;
  std::string htmlFile;  // --report html:FILE
  bool progress = true;  // --no-progress turns the terminal progress line off
  bool help = false;
  // Set by the command when it started the embedded lab (not an option).
  bool embeddedLab = false;

  long requestLimit() const { return requests.value_or(duration ? 0 : 1000); }
};

// ARGS are those after "bench". Throws UsageError with a message for the user.
BenchOptions parseBenchOptions(const std::vector<std::string>& args);
std::string benchUsageText();

}  // namespace authreplay::cli
