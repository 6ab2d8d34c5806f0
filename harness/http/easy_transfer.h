// One transfer on one easy handle: every libcurl option a TransferRequest sets (the harness's only
// setopt sequence), the recording of its legs from libcurl's debug stream (leg_recorder.h, the only
// response parser), and its TransferResult. http::Client runs it with curl_easy_perform,
// http::MultiDriver through the multi interface; both get the same legs.
//
// Internal to http/: it names libcurl types, so no header outside this folder includes it
// (tests/arch/curl_only_in_http.sh).
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <string>

#include "http/curl_handle.h"
#include "http/leg_recorder.h"
#include "http/transfer.h"

namespace authreplay::http {

class EasyTransfer {
 public:
  // Sets REQUEST's options on CURL (a copy of REQUEST is kept: libcurl points at its strings until
  // the transfer ends). When only the headers and the connection policy differ from the last
  // request on the same handle, only those are set; otherwise the handle is reset first.
  // ERROR_BUFFER is CURLOPT_ERRORBUFFER's storage.
  void configure(CURL* curl, const TransferRequest& request, char* errorBuffer);

  // The transfer ended with CODE: its legs, error (classified) and byte counts.
  TransferResult finish(CURL* curl, CURLcode code, const char* errorBuffer);

  // For the prereq callback: the recorder of this transfer's legs, the handle it runs on.
  LegRecorder& recorder() { return recorder_; }
  CURL* handle() const { return configured_; }
  // For the prereq callback: whether the request may go out on the connection just set up (TLS
  // or not, the protocol its server chose by ALPN). Only the HTTP/2 exact policy says no.
  bool mayGoOn(bool tls, const std::string& alpn);
  bool exactHttp2() const { return request_.httpVersion == HttpVersionPolicy::kHttp2Exact; }

 private:
  void setHeaders(CURL* curl);
  void setConnectionPolicy(CURL* curl);

  CURL* configured_ = nullptr;  // the handle request_'s options are set on
  TransferRequest request_;
  LegRecorder recorder_;
  HeaderList headers_;
  HeaderList resolve_;
  std::chrono::steady_clock::time_point started_;
  std::string abortReason_;  // why mayGoOn() stopped the transfer
};

}  // namespace authreplay::http
