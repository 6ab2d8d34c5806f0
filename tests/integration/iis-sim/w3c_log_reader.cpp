#include "w3c_log_reader.h"

#include <fstream>
#include <sstream>
#include <thread>

namespace iissim::testing {

namespace {

std::optional<std::string> scan(const std::filesystem::path& folder, const std::string& prefix,
                                const std::string& marker) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0)
      continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      if (!line.empty() && line[0] != '#' && line.find(marker) != std::string::npos)
        return line;
    }
  }
  return std::nullopt;
}

std::optional<std::string> poll(const std::filesystem::path& folder, const std::string& prefix,
                                const std::string& marker, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (auto line = scan(folder, prefix, marker))
      return line;
    if (std::chrono::steady_clock::now() >= deadline)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

std::optional<std::string> findW3cLine(const std::filesystem::path& root, int siteId,
                                       const std::string& marker,
                                       std::chrono::milliseconds timeout) {
  return poll(root / ("W3SVC" + std::to_string(siteId)), "u_ex", marker, timeout);
}

std::optional<std::string> findHttpErrLine(const std::filesystem::path& folder,
                                           const std::string& marker,
                                           std::chrono::milliseconds timeout) {
  return poll(folder, "httperr", marker, timeout);
}

std::vector<std::string> w3cFields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  std::string field;
  while (in >> field)
    fields.push_back(field);
  return fields;
}

}  // namespace iissim::testing
