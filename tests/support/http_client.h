// A small libcurl client for integration tests (after cpr's CurlHolder: one RAII owner of the easy
// handle, options as plain values, transfer errors as values in the result, never exceptions).
// One HttpClient keeps libcurl's connection cache between perform() calls, so consecutive requests
// reuse a keep-alive connection unless forbidReuse is set; NTLM/Negotiate handshakes run inside one
// perform() when httpAuth names those schemes.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authreplay::testing {

struct HttpRequestOptions {
  std::string method = "GET";  // "HEAD" sends no body; others go out as given
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; "Name:" removes a libcurl default
  std::optional<std::string> body;   // sent with Content-Length (an empty string sends 0)
  long httpAuth = CURLAUTH_NONE;     // CURLAUTH_* bitmask; one scheme alone is sent at once
  std::string userPassword;          // "HARNESS\\alice:secret" (for Basic/NTLM/Negotiate)
  std::string proxy;                 // "http://127.0.0.1:3128"; empty = direct, env ignored
  std::string caFile;                // PEM CA for https
  bool forbidReuse = false;          // close the connection after this transfer
  std::chrono::milliseconds timeout{15000};
};

// One HTTP response as received (a perform() with authentication may see several).
struct HttpResponseRecord {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, repeated ones kept
};

struct HttpResult {
  CURLcode error = CURLE_OK;
  std::string errorText;                      // libcurl's error buffer when error != CURLE_OK
  long status = 0;                            // of the final response
  std::vector<HttpResponseRecord> responses;  // every response, interim 100 and 401 legs too
  std::string body;                           // of the final response
  long localPort = 0;                         // CURLINFO_LOCAL_PORT (identifies the connection)
  long numConnects = 0;                       // CURLINFO_NUM_CONNECTS: new connections made

  explicit operator bool() const { return error == CURLE_OK; }
  // Every value of header NAME in the final response (case-insensitive), in order.
  std::vector<std::string> headerValues(std::string_view name) const;
  // The first value, or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&& other) noexcept;
  HttpClient& operator=(HttpClient&& other) noexcept;

  HttpResult perform(const HttpRequestOptions& request);

 private:
  CURL* curl_ = nullptr;
};

}  // namespace authreplay::testing
