// The HTTP client of one scenario run: one libcurl easy handle whose connection cache lives as long
// as the Client, so that steps reuse connections as a browser would. The only libcurl user.
//
// The easy handle is held through a pointer to a type declared here only, so that run/ sees no
// libcurl type (tests/arch/curl_only_in_http.sh) and authreplay_http links libcurl PRIVATE.
#pragma once

#include <memory>

#include "http/transfer.h"
#include "http/transport.h"

namespace authreplay::http {

class EasyHandle;  // http/curl_handle.h

class Client : public Transport {
 public:
  Client();  // throws std::runtime_error when libcurl cannot make an easy handle
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One curl_easy_perform; every leg it makes is recorded. Never throws for transfer failures.
  TransferResult perform(const TransferRequest& request) override;

 private:
  std::unique_ptr<EasyHandle> handle_;
};

}  // namespace authreplay::http
