// Scenario and target loading: strict parsing with source positions (harness/json), which every
// `authreplay run` and `validate` pays per file.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "browser/browser_catalogue.h"
#include "scenario/scenario_loader.h"
#include "scenario/target_file.h"

namespace {

namespace fs = std::filesystem;

const fs::path kScenario = fs::path(AUTHREPLAY_SOURCE_DIR) /
                           "scenarios/seed-000-zero-length-post/"
                           "chrome-post-to-anonymous-service.json";

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void ParseScenario(benchmark::State& state) {
  const std::string text = readFile(kScenario);
  if (text.empty()) {
    state.SkipWithError(("missing " + kScenario.string()).c_str());
    return;
  }
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(authreplay::scenario::parseScenario(
          text, kScenario.string(), kScenario.parent_path(), authreplay::browser::catalogue()));
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(ParseScenario);

// The whole seed library as `authreplay run scenarios` loads it (file reads included).
void LoadScenarioLibrary(benchmark::State& state) {
  std::vector<fs::path> files;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(AUTHREPLAY_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  if (files.empty()) {
    state.SkipWithError("no scenario files under scenarios/");
    return;
  }
  for (auto _ : state) {
    std::size_t loaded = 0;
    for (const auto& file : files) {
      try {
        benchmark::DoNotOptimize(
            authreplay::scenario::loadScenario(file, authreplay::browser::catalogue()));
        ++loaded;
      } catch (const std::exception&) {
        // A scenario another change has in flight; the others are still measured.
      }
    }
    benchmark::DoNotOptimize(loaded);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * files.size()));
}
BENCHMARK(LoadScenarioLibrary);

void ParseTargetFile(benchmark::State& state) {
  const std::string text = R"({
  "name": "staging",
  "origins": { "default": "http://staging.example:8080", "tls": "https://staging.example" },
  "pathPrefixes": { "/ActiveXTest/": "/staging/ActiveXTest/" },
  "credentials": { "user": "CORP\\qa", "passwordEnv": "QA_PASSWORD",
                   "kerberos": { "principal": "qa@CORP.EXAMPLE", "ccache": "FILE:/tmp/qa.cc" } },
  "substatus": { "source": "w3cLog", "w3cLog": { "directory": "/mnt/logs/W3SVC1" } }
})";
  for (auto _ : state) {
    try {
      benchmark::DoNotOptimize(
          authreplay::scenario::parseTargetFile(text, "target.json", fs::path("/tmp")));
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
  }
}
BENCHMARK(ParseTargetFile);

}  // namespace
