#include "http/exchange.h"

#include <algorithm>
#include <cctype>

#include "text/ascii.h"

namespace authreplay::http {

namespace {

using authreplay::text::equalsIgnoreCase;

}  // namespace

std::vector<std::string> headerValues(const std::vector<Header>& headers, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& header : headers) {
    if (equalsIgnoreCase(header.name, name))
      out.push_back(header.value);
  }
  return out;
}

std::optional<std::string> firstHeader(const std::vector<Header>& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (equalsIgnoreCase(header.name, name))
      return header.value;
  }
  return std::nullopt;
}

}  // namespace authreplay::http
