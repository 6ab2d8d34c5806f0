#include "browser/url_parts.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "text/ascii.h"

namespace authreplay::browser {

namespace {

using authreplay::text::toLower;

}  // namespace

std::string UrlParts::origin() const {
  return scheme + "://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

std::optional<UrlParts> parseUrl(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos)
    return std::nullopt;
  UrlParts parts;
  parts.scheme = toLower(url.substr(0, sep));
  if (parts.scheme != "http" && parts.scheme != "https")
    return std::nullopt;
  auto rest = url.substr(sep + 3);
  const auto pathStart = rest.find_first_of("/?#");
  auto authority = rest.substr(0, pathStart);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    parts.host = toLower(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      portText = authority.substr(close + 2);
  } else {
    const auto colon = authority.rfind(':');
    parts.host = toLower(authority.substr(0, colon));
    if (colon != std::string_view::npos)
      portText = authority.substr(colon + 1);
  }
  if (parts.host.empty())
    return std::nullopt;
  parts.port = parts.scheme == "https" ? 443 : 80;
  if (!portText.empty()) {
    unsigned value = 0;
    const auto [ptr, ec] =
        std::from_chars(portText.data(), portText.data() + portText.size(), value);
    if (ec != std::errc() || ptr != portText.data() + portText.size() || value == 0 ||
        value > 65535)
      return std::nullopt;
    parts.port = static_cast<std::uint16_t>(value);
  }
  if (pathStart == std::string_view::npos || rest[pathStart] != '/') {
    parts.path = "/";
  } else {
    const auto path = rest.substr(pathStart);
    parts.path = std::string(path.substr(0, path.find_first_of("?#")));
  }
  return parts;
}

}  // namespace authreplay::browser
