// Fuzz target: the scenario loader (harness/scenario/scenario_loader.cpp), fed the bytes as a
// scenario file's content through its in-memory entry point parseScenario (the same code
// loadScenario runs after reading the file). Checks that any input gives a Scenario or a
// json::SourceError ("file:line:col: message"), and nothing else: no crash, no other exception,
// no UB, no hang, no quadratic memory.
// Guards the issue 12 findings on scenario files: std::regex recursion on a 40 KB "id", one copy of
// the whole line per source position (a 227 KB one-line file took 2.2 GB), the did-you-mean's edit
// distance on a multi-megabyte unknown key, "legCount" and timeouts that wrapped or overflowed
// std::chrono. ci/fuzz adds seeds of those sizes to the working corpus (tests/fuzz/README.md).
// "bodyFile" resolves against an empty scratch folder, so no file of the machine is read.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "browser/browser_catalogue.h"
#include "fuzz_input.h"
#include "json/source_document.h"
#include "scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path baseDir = [] {
    auto dir = std::filesystem::temp_directory_path() / "authreplay-fuzz-scenario-empty";
    std::filesystem::create_directories(dir);
    return dir;
  }();
  try {
    (void)authreplay::scenario::parseScenario(authreplay::fuzz::asText(data, size), "fuzz.json",
                                              baseDir, authreplay::browser::catalogue());
  } catch (const authreplay::json::SourceError&) {
    // The documented outcome for bad input.
  }
  return 0;
}
