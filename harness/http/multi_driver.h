// Many transfers at once on one thread, through libcurl's multi interface (issue 6: no thread per
// request), for `authreplay bench`. A transfer is the same TransferRequest as http::Client's and
// comes back as the same TransferResult, configured and recorded by the same code
// (easy_transfer.h): the benchmark drives the runner's browser profiles leg for leg.
//
// Every client slot is one virtual browser with its own connection pool: a CURLSH sharing
// CURL_LOCK_DATA_CONNECT, which libcurl uses instead of the multi handle's common cache (lib/
// multi.c, curl_multi_add_handle). Without it every easy handle in the multi draws from one cache,
// and the Type 3 of one client's NTLM handshake could go out on another client's connection,
// where the server holds a different handshake (NTLM is connection-based, IIS-FACTS.md §5).
//
// No libcurl type appears here (the handles live in multi_driver.cpp), so that bench/ sees only
// http:: types and authreplay_http links libcurl PRIVATE (tests/arch/curl_only_in_http.sh).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "http/transfer.h"

namespace authreplay::http {

class MultiDriver {
 public:
  using Completion = std::function<void(std::size_t client, TransferResult&& result)>;

  // CLIENTS slots, each with its own easy handle and connection pool. Throws std::runtime_error
  // when libcurl cannot allocate them.
  MultiDriver(std::size_t clients, Completion completion);
  ~MultiDriver();
  MultiDriver(const MultiDriver&) = delete;
  MultiDriver& operator=(const MultiDriver&) = delete;

  // Starts REQUEST on CLIENT's slot, which must be idle. Its result reaches the completion
  // callback from inside poll().
  void start(std::size_t client, const TransferRequest& request);

  // CLIENT's slot becomes a new browser: a new easy handle and an empty connection pool, so nothing
  // the last one learnt (open connections, the auth scheme libcurl picked for a host) carries
  // over. The slot must be idle.
  void renew(std::size_t client);

  // Drives every transfer, waiting at most WAIT for activity; calls the completion callback for
  // every transfer that finished (the callback may start() the next one).
  void poll(std::chrono::milliseconds wait);

  std::size_t running() const { return running_; }

 private:
  struct Slot;   // multi_driver.cpp: easy handle, pool, EasyTransfer
  struct Multi;  // the CURLM*
  void collect();

  // Declared in this order so that the slots (easy handles, then their pools) are destroyed before
  // the multi handle, as libcurl requires (curl_multi_cleanup after every easy handle left it).
  std::unique_ptr<Multi> multi_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Completion completion_;
  std::size_t running_ = 0;
  std::size_t startedInCollect_ = 0;  // transfers start() began since poll()'s last perform
};

}  // namespace authreplay::http
