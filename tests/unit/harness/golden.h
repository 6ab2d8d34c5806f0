// Golden files: what users see (error messages, reports) is compared with a checked-in file, so a
// change to it is reviewed. AUTHREPLAY_UPDATE_GOLDEN=1 rewrites the files instead of comparing.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace authreplay::testing {

inline std::filesystem::path testDataDir() {
  return AUTHREPLAY_HARNESS_TEST_DIR;
}

inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void expectGolden(const std::string& actual, const std::string& goldenName) {
  const auto path = testDataDir() / "golden" / goldenName;
  const char* update = std::getenv("AUTHREPLAY_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing: run with AUTHREPLAY_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(actual, readText(path))
      << "differs from " << path << " (AUTHREPLAY_UPDATE_GOLDEN=1 rewrites it after review)";
}

}  // namespace authreplay::testing
