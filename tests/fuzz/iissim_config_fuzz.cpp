// Fuzz target: iis-sim's configuration loader (fixtures/iis-sim/config/config_loader.cpp,
// applicationHost.config vocabulary, docs/lab.md "Default layout") through its in-memory entry
// point parseServerConfig. Checks that any input gives a ServerConfig or a json::SourceError
// ("file:line:col: message"), nothing else: no crash, no other exception (a bindingInformation or
// a "hh:mm:ss" timeout it cannot read is an error at its position), no UB on huge numbers (limits,
// timeouts, flush intervals narrowed through ObjectReader::optionalIntegerIn), no hang.
// Relative paths resolve against an empty scratch folder; the loader opens no file for them.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz_input.h"
#include "iis-sim/config/config_loader.h"
#include "json/source_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)iissim::parseServerConfig(authreplay::fuzz::asText(data, size), "fuzz-iis-sim.json",
                                    std::filesystem::temp_directory_path());
  } catch (const authreplay::json::SourceError&) {
    // The documented outcome for bad input.
  }
  return 0;
}
