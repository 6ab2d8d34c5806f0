// One libcurl transfer with every HTTP leg recorded (CURLOPT_DEBUGFUNCTION): what each request
// carried in Authorization, the status and WWW-Authenticate headers that came back, and the local
// port of the connection it used (libcurl 7.88 has no CURLINFO_CONN_ID: IIS-FACTS.md §8).
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

namespace authreplay::testing {

struct Leg {
  std::string authorization;  // the request's Authorization value, "" when none
  long localPort = 0;         // identifies the TCP connection
  int status = 0;
  std::vector<std::string> wwwAuthenticate;

  // "NTLM/1", "NTLM/3", "Negotiate", "anonymous" ... for assertions and failure messages.
  std::string sent() const;
  // The WWW-Authenticate values reduced to their schemes: {"Negotiate", "NTLM"}.
  std::vector<std::string> offeredSchemes() const;
};

struct Transfer {
  CURLcode result = CURLE_OK;
  std::string error;
  long status = 0;
  std::string body;
  std::vector<Leg> legs;
};

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

// A libcurl easy handle that keeps its connections between perform() calls (as a browser keeps a
// connection), recording the legs of each transfer.
class LegRecorder {
 public:
  LegRecorder();
  LegRecorder(LegRecorder&&) = default;
  LegRecorder& operator=(LegRecorder&&) = default;
  CURL* handle() { return handle_.get(); }
  // Performs a GET (or whatever options the caller set) of `url` and returns its legs.
  Transfer perform(const std::string& url);

 private:
  static int onDebug(CURL* handle, curl_infotype type, char* data, std::size_t size, void* self);
  static std::size_t onBody(char* data, std::size_t size, std::size_t count, void* self);

  CurlHandle handle_;
  Transfer current_;
  char errorBuffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace authreplay::testing
