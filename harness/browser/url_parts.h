// The parts of an absolute http(s) URL a browser's memory is keyed on: origin (scheme, host, port)
// and path. Enough for the URLs the runner builds; not a general URL parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authreplay::browser {

struct UrlParts {
  std::string scheme;  // "http", lower case
  std::string host;    // "localhost", lower case, without brackets
  std::uint16_t port = 0;
  std::string path;  // "/ActiveXTest/ajaxClient2.htm" (no query or fragment), "/" at least

  std::string origin() const;  // "http://localhost:8080"
};

std::optional<UrlParts> parseUrl(std::string_view url);

}  // namespace authreplay::browser
