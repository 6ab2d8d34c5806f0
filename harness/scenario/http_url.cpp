#include "scenario/http_url.h"

#include <algorithm>

#include "text/ascii.h"

namespace authreplay::scenario {

namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool hasSpace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), isSpace);
}

// Sets REST to what follows "http://" or "https://" (any case); false when URL has neither.
bool afterScheme(std::string_view url, std::string_view& rest) {
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (url.size() >= scheme.size() &&
        text::equalsIgnoreCase(url.substr(0, scheme.size()), scheme)) {
      rest = url.substr(scheme.size());
      return true;
    }
  }
  return false;
}

// Splits REST at its first '/' into a non-empty authority without white space and the path.
bool splitAuthority(std::string_view rest, std::string_view& path) {
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  if (authority.empty() || hasSpace(authority))
    return false;
  path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  return true;
}

}  // namespace

bool isHttpUrl(std::string_view url) {
  std::string_view rest;
  std::string_view path;
  return afterScheme(url, rest) && splitAuthority(rest, path) && !hasSpace(path);
}

bool isHttpOrigin(std::string_view url) {
  std::string_view rest;
  std::string_view path;
  return afterScheme(url, rest) && splitAuthority(rest, path) && (path.empty() || path == "/");
}

bool isHostName(std::string_view text) {
  constexpr std::size_t kMaxHostName = 253;  // RFC 1035 §2.3.4, without the root's dot
  if (text.empty() || text.size() > kMaxHostName)
    return false;
  const auto edge = [](char c) { return c == '.' || c == '-'; };
  if (edge(text.front()) || edge(text.back()))
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

bool isHostPort(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos)
    return false;
  if (hasSpace(text.substr(0, colon)))
    return false;
  const auto port = text.substr(colon + 1);
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace authreplay::scenario
