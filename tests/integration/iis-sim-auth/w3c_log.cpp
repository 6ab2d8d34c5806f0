#include "w3c_log.h"

#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <thread>

namespace authreplay::testing {

std::string W3cLine::statusTriple() const {
  return std::to_string(status) + " " + std::to_string(substatus) + " " +
         std::to_string(win32Status);
}

namespace {

std::vector<W3cLine> scan(const std::filesystem::path& logRoot, const std::string& query) {
  std::vector<W3cLine> lines;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(logRoot, error)) {
    if (!entry.is_regular_file() || entry.path().filename().string().rfind("u_ex", 0) != 0) {
      continue;
    }
    std::ifstream in(entry.path());
    std::vector<std::string> fields;
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::vector<std::string> values((std::istream_iterator<std::string>(words)),
                                      std::istream_iterator<std::string>());
      if (!line.empty() && line[0] == '#') {
        if (line.rfind("#Fields:", 0) == 0) {
          fields.assign(values.begin() + 1, values.end());
        }
        continue;
      }
      if (values.size() != fields.size()) {
        continue;
      }
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        row[fields[i]] = values[i];
      }
      if (row["cs-uri-query"] != query) {
        continue;
      }
      lines.push_back(W3cLine{row["cs-uri-stem"], row["cs-username"], std::stoi(row["sc-status"]),
                              std::stoi(row["sc-substatus"]), std::stoull(row["sc-win32-status"])});
    }
  }
  return lines;
}

}  // namespace

std::vector<W3cLine> readW3cLines(const std::filesystem::path& logRoot, const std::string& query,
                                  std::size_t expected, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto lines = scan(logRoot, query);
    if (lines.size() >= expected || std::chrono::steady_clock::now() >= deadline) {
      return lines;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace authreplay::testing
