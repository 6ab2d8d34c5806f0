// Finds a request's line in iis-sim's W3C log (IIS-FACTS.md §4), polling because IIS (and
// iis-sim when buffering) writes lines some time after the response.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace iissim::testing {

// The first line of any u_ex*.log under ROOT/W3SVC<SITEID> that contains MARKER (without its CRLF),
// waiting up to TIMEOUT for it to appear.
std::optional<std::string> findW3cLine(const std::filesystem::path& root, int siteId,
                                       const std::string& marker,
                                       std::chrono::milliseconds timeout);

// The space-separated fields of a W3C line.
std::vector<std::string> w3cFields(const std::string& line);

}  // namespace iissim::testing
