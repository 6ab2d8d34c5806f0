#include "expect/error_page.h"

#include <charconv>
#include <string>
#include <vector>

#include "text/linear_regex.h"

namespace authreplay::expect {

namespace {

// Substatus codes are at most three digits (IIS-FACTS.md §1: 401.1-401.5, 404.13, 500.19, ...):
// a heading with more is not IIS's, and std::stoi threw on "401.99999999999" (issue 12).
const text::LinearRegex kHeading =
    text::LinearRegex::fixed(R"(HTTP Error ([1-5][0-9][0-9])\.([0-9]{1,3}) - )");
// The row is "<th>Error Code</th><td>&nbsp;&nbsp;&nbsp;0x80070005</td>" in IIS 7.5-10.
const text::LinearRegex kErrorCode =
    text::LinearRegex::fixed(R"(Error Code(?:</th>|<[^>]*>|&nbsp;|\s|:)*0x([0-9A-Fa-f]{8}))");

int decimal(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

}  // namespace

std::uint32_t win32StatusFromHresult(std::uint32_t hresult) {
  if ((hresult & 0xFFFF0000u) == 0x80070000u)
    return hresult & 0xFFFFu;
  return hresult;
}

// Both patterns run on RE2 (text/linear_regex.h): a page with "Error Code" and 20 KB of spaces
// overflowed the stack inside std::regex (issue 12).
std::optional<ErrorPageStatus> parseDetailedErrorPage(std::string_view body) {
  std::vector<std::string_view> groups;
  if (!kHeading.search(body, groups))
    return std::nullopt;
  ErrorPageStatus out;
  out.status = decimal(groups[0]);
  out.substatus = decimal(groups[1]);
  if (kErrorCode.search(body, groups)) {
    std::uint32_t hresult = 0;
    std::from_chars(groups[0].data(), groups[0].data() + groups[0].size(), hresult, 16);
    out.win32Status = win32StatusFromHresult(hresult);
  }
  return out;
}

}  // namespace authreplay::expect
