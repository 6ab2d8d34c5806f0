#include "fuzz_input.h"

#include <cstdio>
#include <cstdlib>

namespace authreplay::fuzz {

void invariantFailed(const char* what) {
  std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
  std::abort();
}

}  // namespace authreplay::fuzz
