// Fuzz target: the target-file loader (harness/scenario/target_file.cpp; the lab writes one as
// DIR/target.json, docs/lab.md), fed the bytes as the file's content through parseTargetFile (what
// loadTargetFile runs after reading the file). Checks that any input gives a Target or a
// json::SourceError, nothing else: no crash, no other exception, no UB, no hang.
// Guards the issue 12 findings on target files: std::regex recursion on a 100 KB origin URL
// (ci/fuzz adds such a seed), timeouts that overflowed std::chrono, integers that wrapped.
// Relative paths resolve against an empty scratch folder; nothing is read or run.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz_input.h"
#include "json/source_document.h"
#include "scenario/target_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)authreplay::scenario::parseTargetFile(authreplay::fuzz::asText(data, size),
                                                "fuzz-target.json",
                                                std::filesystem::temp_directory_path());
  } catch (const authreplay::json::SourceError&) {
    // The documented outcome for bad input.
  }
  return 0;
}
