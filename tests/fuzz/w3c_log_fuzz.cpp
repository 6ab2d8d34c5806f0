// Fuzz target: the W3C extended log parser (harness/expect/w3c_log.cpp and w3c_extended_format.cpp,
// IIS-FACTS.md §4) on a log file's text as a server (or a fetchCommand) hands it over: "#Fields:"
// directives and records, CRLF or LF, any bytes. Also the cs-uri-query marker lookup the runner
// matches legs with. Checks no crash, no UB, no exception (a number out of range is nullopt, not
// std::stoi's throw), and bounded time and memory on long lines (inputs up to 1 MB).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "expect/w3c_log.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace expect = authreplay::expect;
  std::vector<std::string> fields;
  for (const auto& entry : expect::parseW3cLog(authreplay::fuzz::asText(data, size), fields)) {
    (void)expect::queryParameter(entry.uriQuery, "authreplay-leg");
    (void)expect::queryHasParameter(entry.uriQuery, "authreplay-leg", "r.1.1");
  }
  return 0;
}
