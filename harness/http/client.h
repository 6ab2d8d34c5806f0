// The HTTP client of one scenario run: one libcurl easy handle whose connection cache lives as long
// as the Client, so that steps reuse connections as a browser would. The only libcurl user.
#pragma once

#include "http/curl_handle.h"
#include "http/transfer.h"
#include "http/transport.h"

namespace authreplay::http {

class Client : public Transport {
 public:
  Client() = default;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One curl_easy_perform; every leg it makes is recorded. Never throws for transfer failures.
  TransferResult perform(const TransferRequest& request) override;

 private:
  EasyHandle handle_;
};

}  // namespace authreplay::http
