// Golden files: what users see (error messages, reports) is compared with a checked-in file, so a
// change to it is reviewed. AUTHREPLAY_UPDATE_GOLDEN=1 rewrites the files instead of comparing.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "json/source_document.h"

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

// Loads every file of data/FOLDER (in name order) with LOAD(text, "FOLDER/name", folder) and
// returns the SourceError messages, one per line; a file that loads is a test failure. The
// messages are what users read, so callers compare them with a golden file.
inline std::string loadErrorsOf(const std::string& folder,
                                const std::function<void(const std::string&, const std::string&,
                                                         const std::filesystem::path&)>& load) {
  const auto dir = testDataDir() / "data" / folder;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string messages;
  for (const auto& file : files) {
    const std::string name = folder + "/" + file.filename().string();
    try {
      load(readText(file), name, dir);
      ADD_FAILURE() << name << " loaded without error";
    } catch (const json::SourceErrors& e) {
      for (const auto& error : e.all())
        messages += std::string(error.what()) + "\n";
    } catch (const json::SourceError& e) {
      messages += std::string(e.what()) + "\n";
    }
  }
  return messages;
}

}  // namespace authreplay::testing
