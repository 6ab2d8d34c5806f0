// Reads the lab iis-sim's W3C logs ($AUTHREPLAY_W3C_LOG/W3SVC<N>/u_exYYMMDD.log, IIS-FACTS.md §4)
// for the lines of one test's requests. Each test puts a unique query string on its URLs, so
// tests running in parallel against one lab never read each other's lines.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace authreplay::testing {

struct W3cLine {
  std::string uriStem;
  std::string username;  // "-" when anonymous
  int status = 0;
  int substatus = 0;
  unsigned long long win32Status = 0;
  std::string statusTriple() const;  // "401 1 2148074254", as the log writes it
};

// The lines whose cs-uri-query equals `query`, waiting up to `timeout` for at least `expected`.
std::vector<W3cLine> readW3cLines(const std::filesystem::path& logRoot, const std::string& query,
                                  std::size_t expected,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace authreplay::testing
