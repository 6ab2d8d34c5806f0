#include "browser/proxy_bypass.h"

#include <algorithm>
#include <cctype>

#include "browser/url_parts.h"
#include "text/ascii.h"

namespace authreplay::browser {

namespace {

using authreplay::text::toLower;

// '*' matches any run of characters (also none), as in IE's exclusion list.
bool wildcardMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

}  // namespace

ProxyBypass::ProxyBypass(std::vector<std::string> entries) {
  for (auto& entry : entries) {
    // IE separates entries with ';' in one string; a list element may still hold several.
    std::size_t start = 0;
    while (start <= entry.size()) {
      const auto end = entry.find(';', start);
      auto piece = std::string_view(entry).substr(
          start, end == std::string::npos ? std::string::npos : end - start);
      while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.front())))
        piece.remove_prefix(1);
      while (!piece.empty() && std::isspace(static_cast<unsigned char>(piece.back())))
        piece.remove_suffix(1);
      if (!piece.empty())
        entries_.push_back(toLower(piece));
      if (end == std::string::npos)
        break;
      start = end + 1;
    }
  }
}

bool ProxyBypass::bypasses(std::string_view rawHost) const {
  const auto host = toLower(rawHost);
  for (const auto& entry : entries_) {
    if (entry == "<local>") {
      if (host.find('.') == std::string::npos && host.find(':') == std::string::npos)
        return true;
      continue;
    }
    if (wildcardMatch(entry, host))
      return true;
  }
  return false;
}

std::vector<std::string> expandOriginEntries(const std::vector<std::string>& entries,
                                             const std::map<std::string, std::string>& origins,
                                             std::string& error) {
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    if (entry.size() < 3 || entry.front() != '{' || entry.back() != '}') {
      out.push_back(entry);
      continue;
    }
    const auto name = entry.substr(1, entry.size() - 2);
    const auto it = origins.find(name);
    const auto url = it == origins.end() ? std::nullopt : parseUrl(it->second);
    if (!url) {
      error = "proxyBypass entry \"" + entry + "\" names no origin of the target";
      return {};
    }
    out.push_back(url->host);
  }
  return out;
}

}  // namespace authreplay::browser
