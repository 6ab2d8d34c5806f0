#include "expect/error_page.h"

#include <regex>
#include <string>

namespace authreplay::expect {

std::uint32_t win32StatusFromHresult(std::uint32_t hresult) {
  if ((hresult & 0xFFFF0000u) == 0x80070000u)
    return hresult & 0xFFFFu;
  return hresult;
}

std::optional<ErrorPageStatus> parseDetailedErrorPage(std::string_view body) {
  static const std::regex kHeading(R"(HTTP Error ([1-5][0-9][0-9])\.([0-9]+) - )");
  // The row is "<th>Error Code</th><td>&nbsp;&nbsp;&nbsp;0x80070005</td>" in IIS 7.5-10.
  static const std::regex kErrorCode(
      R"(Error Code(?:</th>|<[^>]*>|&nbsp;|\s|:)*0x([0-9A-Fa-f]{8}))");
  const std::string text(body);
  std::smatch match;
  if (!std::regex_search(text, match, kHeading))
    return std::nullopt;
  ErrorPageStatus out;
  out.status = std::stoi(match[1].str());
  out.substatus = std::stoi(match[2].str());
  if (std::regex_search(text, match, kErrorCode)) {
    out.win32Status =
        win32StatusFromHresult(static_cast<std::uint32_t>(std::stoul(match[1].str(), nullptr, 16)));
  }
  return out;
}

}  // namespace authreplay::expect
