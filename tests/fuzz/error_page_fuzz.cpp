// Fuzz target: reading the substatus and the win32 status from an IIS detailed error page
// (harness/expect/error_page.cpp, IIS-FACTS.md §3): "HTTP Error 401.2 - Unauthorized" and the
// "Error Code" row, in whatever body a server sent. Checks no crash, no UB, no exception and
// bounded time on bodies up to 1 MB.
// Guards the issue 12 findings: `HTTP Error 401.99999999999 - ` threw from std::stoi and aborted
// the run with no report written; "Error Code" followed by about 20 KB of spaces overflowed the
// stack inside std::regex (ci/fuzz adds a seed of that shape and size).
#include <cstddef>
#include <cstdint>

#include "expect/error_page.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace expect = authreplay::expect;
  if (const auto page = expect::parseDetailedErrorPage(authreplay::fuzz::asText(data, size))) {
    if (page->win32Status)
      (void)expect::win32StatusFromHresult(*page->win32Status);
  }
  return 0;
}
