// IIS's W3C extended log (IIS-FACTS.md §4): reading u_exYYMMDD.log files as IIS appends to them
// (from a folder or a fetch command, expect/log_source.h), and finding the lines of given requests.
// IIS buffers its log (HTTP.sys flushes about once a minute), so lookups poll until the lines
// appear or a timeout passes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expect/log_source.h"
#include "expect/parsed_log.h"

namespace authreplay::expect {

struct W3cLogEntry {
  std::string method;                        // cs-method
  std::string uriStem;                       // cs-uri-stem
  std::string uriQuery;                      // cs-uri-query ("" for "-")
  std::string username;                      // cs-username ("" for "-")
  int status = 0;                            // sc-status
  std::optional<int> substatus;              // sc-substatus
  std::optional<std::uint32_t> win32Status;  // sc-win32-status
};

// Parses the lines of one log file's text; FIELDS carries the "#Fields:" directive seen so far
// (a file may restate it, e.g. after IIS restarts).
std::vector<W3cLogEntry> parseW3cLog(std::string_view text, std::vector<std::string>& fields);

// The value of PARAMETER in QUERY (cs-uri-query), from its first '&'-separated pair of that name:
// "a=1&authreplay-leg=r.1.2" -> "r.1.2"; nullopt when absent.
std::optional<std::string_view> queryParameter(std::string_view query, std::string_view parameter);
// The query parameter that numbers the transfers of one step next to MARKER_PARAMETER
// ("authreplay-leg" -> "authreplay-leg-transfer"), so that a step's log lines can be put in the
// order its legs were sent (run/step_driver.h).
std::string transferParameter(std::string_view markerParameter);
// Whether QUERY has PARAMETER=VALUE.
bool queryHasParameter(std::string_view query, std::string_view parameter, std::string_view value);

class W3cLogReader : public ParsedLog<W3cLogEntry> {
 public:
  // The u_ex*.log files of DIRECTORY and of its W3SVC* subfolders.
  explicit W3cLogReader(std::filesystem::path directory);
  explicit W3cLogReader(std::unique_ptr<LogSource> source);

  // The lines whose cs-uri-query has PARAMETER=VALUE, in log order; polls until COUNT are there or
  // TIMEOUT passes (then returns what it found).
  std::vector<W3cLogEntry> waitForMarked(std::string_view parameter, std::string_view value,
                                         std::size_t count, std::chrono::milliseconds timeout);
  // Without a marker: the first COUNT lines at or after index FROM with METHOD and STEM.
  std::vector<W3cLogEntry> waitForRequests(std::size_t from, std::string_view method,
                                           std::string_view stem, std::size_t count,
                                           std::chrono::milliseconds timeout);
};

}  // namespace authreplay::expect
