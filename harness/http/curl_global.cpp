#include "http/curl_global.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace authreplay::http {

void ensureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
    std::atexit(curl_global_cleanup);
  });
}

const char* curlVersion() {
  return curl_version();
}

std::string libcurlVersion() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  return info != nullptr && info->version != nullptr ? info->version : "";
}

std::string curlAuthFeatures() {
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  const std::pair<int, const char*> features[] = {{CURL_VERSION_GSSAPI, "GSS-API"},
                                                  {CURL_VERSION_SPNEGO, "SPNEGO"},
                                                  {CURL_VERSION_KERBEROS5, "Kerberos"},
                                                  {CURL_VERSION_NTLM, "NTLM"},
                                                  {CURL_VERSION_SSL, "SSL"}};
  std::string out;
  for (const auto& [bit, name] : features) {
    if ((info->features & bit) != 0)
      out += (out.empty() ? "" : " ") + std::string(name);
  }
  return out;
}

}  // namespace authreplay::http
