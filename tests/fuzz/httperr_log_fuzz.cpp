// Fuzz target: the HTTPERR log parser (harness/expect/httperr_log.cpp; Microsoft KB 820729,
// IIS-FACTS.md §10) on an httperrN.log's text, with the default HTTP.sys 2.0 columns or a file's
// own
// "#Fields:", and the lookup of a leg's line (findHttpErrLine) over what it parsed. Checks no
// crash, no UB, no exception on any bytes (ports and status out of range are nullopt), and
// bounded time and memory on long lines (inputs up to 1 MB).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "expect/httperr_log.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace expect = authreplay::expect;
  std::vector<std::string> fields;
  const auto entries = expect::parseHttpErrLog(authreplay::fuzz::asText(data, size), fields);
  const std::vector<bool> taken(entries.size(), false);
  expect::HttpErrLegKey leg;
  leg.markerParameter = "authreplay-leg";
  leg.marker = "r.1.1";
  leg.clientPort = 50000;
  leg.serverPort = 80;
  leg.stem = "/";
  (void)expect::findHttpErrLine(entries, 0, taken, leg);
  leg.markerParameter.clear();
  (void)expect::findHttpErrLine(entries, 0, taken, leg);
  return 0;
}
