#include "http/exchange.h"

#include <algorithm>
#include <cctype>

namespace authreplay::http {

namespace {

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::vector<std::string> headerValues(const std::vector<Header>& headers, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& header : headers) {
    if (sameName(header.name, name))
      out.push_back(header.value);
  }
  return out;
}

std::optional<std::string> firstHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (sameName(header.name, name))
      return header.value;
  }
  return std::nullopt;
}

}  // namespace authreplay::http
