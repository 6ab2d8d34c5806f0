// W3C log parsing and correlation (harness/expect/w3c_log.h) on log text written by iis-sim's own
// formatter: what a run against a staging IIS with `substatus.source: w3cLog` pays per leg.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "expect/w3c_log.h"
#include "iis-sim/log/w3c_log_format.h"

namespace {

namespace fs = std::filesystem;

// LINES log lines of a busy site: handshakes (401.2, 401.1, 200) with the runner's leg markers.
std::string logText(int lines) {
  const auto now = std::chrono::system_clock::now();
  std::string text = iissim::w3cHeaderBlock(now);
  for (int i = 0; i < lines; ++i) {
    iissim::W3cLogRecord r;
    r.time = now;
    r.serverIp = "127.0.0.1";
    r.method = i % 7 == 0 ? "POST" : "GET";
    r.uriStem = "/ActiveXTest/ajaxClient2.htm";
    r.uriQuery = "authreplay-leg=run1-" + std::to_string(i);
    r.serverPort = 8080;
    r.username = i % 3 == 2 ? "HARNESS\\alice" : "";
    r.clientIp = "127.0.0.1";
    r.userAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";
    r.status = i % 3 == 2 ? 200 : 401;
    r.substatus = i % 3 == 0 ? 2 : (i % 3 == 1 ? 1 : 0);
    r.win32Status = i % 3 == 1 ? 2148074254u : 0u;
    r.timeTakenMs = 1;
    text += iissim::formatW3cLine(r);
  }
  return text;
}

void ParseW3cLog(benchmark::State& state) {
  const std::string text = logText(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<std::string> fields;
    const auto entries = authreplay::expect::parseW3cLog(text, fields);
    if (entries.size() != static_cast<std::size_t>(state.range(0))) {
      state.SkipWithError("the parser did not read every line iis-sim wrote");
      return;
    }
    benchmark::DoNotOptimize(entries.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(ParseW3cLog)->Arg(1000)->Arg(10000);

// Finding one leg's lines by its marker in a log of N lines (the reader's incremental refresh,
// then the lookup), as the substatus resolver does for every leg.
void CorrelateMarkedLeg(benchmark::State& state) {
  const int lines = static_cast<int>(state.range(0));
  const fs::path dir = fs::temp_directory_path() /
                       ("authreplay-w3c-bench-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  std::ofstream(dir / "u_ex261121.log", std::ios::binary) << logText(lines);
  authreplay::expect::W3cLogReader reader(dir);
  reader.refresh();
  int i = 0;
  for (auto _ : state) {
    const std::string marker = "run1-" + std::to_string((i++ * 7919) % lines);
    const auto found =
        reader.waitForMarked("authreplay-leg", marker, 1, std::chrono::milliseconds(0));
    if (found.size() != 1) {
      state.SkipWithError("a marked leg was not found");
      break;
    }
    benchmark::DoNotOptimize(found.data());
  }
  fs::remove_all(dir);
}
BENCHMARK(CorrelateMarkedLeg)->Arg(1000)->Arg(10000);

}  // namespace
