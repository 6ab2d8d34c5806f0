// What the hostile-input tests (issue 12) share: this process's peak memory, and the temporary
// folder of tests/support.
#pragma once

#include <fstream>
#include <string>

#include "temp_folder.h"

namespace authreplay::testing {

// Peak resident memory of this process so far, in KB (VmHWM of /proc/self/status).
inline long peakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace authreplay::testing
