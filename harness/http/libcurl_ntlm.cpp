#include "http/libcurl_ntlm.h"

#include <curl/curl.h>

#include <cstdlib>
#include <string_view>
#include <utility>

#include "http/curl_global.h"

namespace authreplay::http {

namespace {

std::optional<LibcurlNtlm>& forcedAnswer() {
  static std::optional<LibcurlNtlm> forced;
  return forced;
}

}  // namespace

LibcurlNtlm decideLibcurlNtlm(int features, const std::string& version, const char* switchValue) {
  if (switchValue != nullptr && std::string_view(switchValue) == "off") {
    // Says that it was forced, so that nobody takes a test run for a libcurl without NTLM.
    return {false, "libcurl " + version + " has no NTLM (" + kLibcurlNtlmVariable + "=off)"};
  }
  if ((features & CURL_VERSION_NTLM) == 0)
    return {false, "libcurl " + version + " has no NTLM (CURL_VERSION_NTLM not set)"};
  return {true, ""};
}

const LibcurlNtlm& libcurlNtlm() {
  if (const auto& forced = forcedAnswer())
    return *forced;
  // A function-local static: computed once, thread-safe (C++11 [stmt.dcl]/4).
  static const LibcurlNtlm detected = [] {
    ensureCurlGlobalInit();
    const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
    return decideLibcurlNtlm(info->features, info->version, std::getenv(kLibcurlNtlmVariable));
  }();
  return detected;
}

// Not synchronised: tests set it before any transfer starts.
void overrideLibcurlNtlmForTesting(std::optional<LibcurlNtlm> forced) {
  forcedAnswer() = std::move(forced);
}

}  // namespace authreplay::http
