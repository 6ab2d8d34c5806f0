// The substatus and win32 status an IIS detailed error page shows (IIS-FACTS.md §3):
// "<h3>HTTP Error 401.2 - Unauthorized</h3>" and the "Error Code" row ("0x80070005"). The custom
// error page and HTTP.sys's own pages carry no substatus.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace authreplay::expect {

struct ErrorPageStatus {
  int status = 0;
  int substatus = 0;
  std::optional<std::uint32_t> win32Status;  // from the Error Code row, when the page has one
};

std::optional<ErrorPageStatus> parseDetailedErrorPage(std::string_view body);

// The sc-win32-status IIS logs for an HRESULT the error page shows: HRESULT_FROM_WIN32 values
// (0x8007xxxx) become the Win32 code (0x80070005 -> 5); others (SEC_E_*) are logged as they are,
// as an unsigned number (0x8009030E -> 2148074254).
std::uint32_t win32StatusFromHresult(std::uint32_t hresult);

}  // namespace authreplay::expect
