// Finds a request's line in iis-sim's W3C log (IIS-FACTS.md §4) and HTTP.sys's HTTPERR log (§10),
// polling because IIS (and iis-sim when buffering) writes lines some time after the response.
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

// The first line of any httperr*.log in FOLDER (an HTTPERR folder) that contains MARKER, waiting up
// to TIMEOUT.
std::optional<std::string> findHttpErrLine(const std::filesystem::path& folder,
                                           const std::string& marker,
                                           std::chrono::milliseconds timeout);

// The space-separated fields of a W3C or HTTPERR line.
std::vector<std::string> w3cFields(const std::string& line);

}  // namespace iissim::testing
