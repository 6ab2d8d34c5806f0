// iis-sim's unit tests use the shared temporary folder of tests/support, and read back what a test
// wrote into it.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../../support/temp_folder.h"

namespace iissim::testing {

using authreplay::testing::TempFolder;

// The whole content of PATH ("" when it cannot be read).
inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace iissim::testing
