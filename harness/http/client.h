// The blocking HTTP client of one scenario run: one libcurl easy handle whose connection cache
// lives as long as the Client, so that steps reuse connections as a browser would. Each transfer is
// one curl_easy_perform through EasyTransfer, the same options and recording as the benchmark's
// MultiDriver.
//
// The libcurl state is held through a pointer to a type declared here only, so that run/ sees no
// libcurl type (tests/arch/curl_only_in_http.sh) and authreplay_http links libcurl PRIVATE.
#pragma once

#include <memory>

#include "http/transfer.h"
#include "http/transport.h"

namespace authreplay::http {

class Client : public Transport {
 public:
  Client();  // throws std::runtime_error when libcurl cannot make an easy handle
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One curl_easy_perform; every leg it makes is recorded. Never throws for transfer failures.
  TransferResult perform(const TransferRequest& request) override;

 private:
  struct State;  // client.cpp
  std::unique_ptr<State> state_;
};

}  // namespace authreplay::http
