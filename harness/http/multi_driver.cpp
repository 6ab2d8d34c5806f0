#include "http/multi_driver.h"

#include <curl/curl.h>

#include <array>
#include <stdexcept>
#include <string>

#include "http/curl_handle.h"
#include "http/easy_transfer.h"

namespace authreplay::http {

struct MultiDriver::Multi {
  MultiHandle handle = makeMultiHandle();
};

struct MultiDriver::Slot {
  std::size_t index = 0;
  // The pool is declared first so that it outlives the easy handle that uses it.
  ShareHandle pool = makeConnectionPool();
  EasyHandle easy = makeEasyHandle();
  std::array<char, CURL_ERROR_SIZE> errorBuffer{};
  EasyTransfer transfer;
  bool busy = false;
};

MultiDriver::MultiDriver(std::size_t clients, Completion completion)
    : multi_(std::make_unique<Multi>()), completion_(std::move(completion)) {
  // libcurl applies this limit to the cache a returned connection goes into, here a client's own
  // pool: each client keeps at most one idle connection, so a client that opens a fresh connection
  // per request closes its previous one instead of piling them up on the server.
  curl_multi_setopt(multi_->handle.get(), CURLMOPT_MAXCONNECTS, 1L);
  for (std::size_t i = 0; i < clients; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->index = i;
    slots_.push_back(std::move(slot));
  }
}

MultiDriver::~MultiDriver() {
  for (auto& slot : slots_) {
    if (slot->busy)
      curl_multi_remove_handle(multi_->handle.get(), slot->easy.get());
  }
  // Easy handles and their pools go before the multi handle, as libcurl requires.
  slots_.clear();
  multi_.reset();
}

void MultiDriver::start(std::size_t client, const TransferRequest& request) {
  auto& slot = *slots_.at(client);
  if (slot.busy)
    throw std::logic_error("MultiDriver::start on a busy client slot");
  CURL* curl = slot.easy.get();
  slot.transfer.configure(curl, request, slot.errorBuffer.data());
  curl_easy_setopt(curl, CURLOPT_SHARE, slot.pool.get());
  curl_easy_setopt(curl, CURLOPT_PRIVATE, static_cast<void*>(&slot));
  if (const CURLMcode code = curl_multi_add_handle(multi_->handle.get(), curl); code != CURLM_OK)
    throw std::runtime_error(std::string("curl_multi_add_handle: ") + curl_multi_strerror(code));
  slot.busy = true;
  ++running_;
  ++startedInCollect_;
}

void MultiDriver::renew(std::size_t client) {
  auto& slot = slots_.at(client);
  if (slot->busy)
    throw std::logic_error("MultiDriver::renew on a busy client slot");
  auto fresh = std::make_unique<Slot>();
  fresh->index = client;
  slot = std::move(fresh);  // the old easy handle goes before its pool (Slot's member order)
}

void MultiDriver::poll(std::chrono::milliseconds wait) {
  if (running_ == 0)
    return;
  curl_multi_poll(multi_->handle.get(), nullptr, 0, static_cast<int>(wait.count()), nullptr);
  // A transfer the completion callback starts (a scripted browser's Type 3 after the 401 that
  // carried the challenge) goes out in the same round, without waiting for another poll: as
  // libcurl's own handshake sends its Type 3 right after reading the 401. Bounded, so that a
  // callback that keeps starting transfers cannot starve the wait.
  for (int round = 0; round < 8; ++round) {
    startedInCollect_ = 0;
    int stillRunning = 0;
    curl_multi_perform(multi_->handle.get(), &stillRunning);
    collect();
    if (startedInCollect_ == 0)
      break;
  }
}

void MultiDriver::collect() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_->handle.get(), &queued)) {
    if (message->msg != CURLMSG_DONE)
      continue;
    CURL* curl = message->easy_handle;
    const CURLcode code = message->data.result;
    void* privateData = nullptr;
    curl_easy_getinfo(curl, CURLINFO_PRIVATE, &privateData);
    auto& slot = *static_cast<Slot*>(privateData);
    curl_multi_remove_handle(multi_->handle.get(), curl);
    slot.busy = false;
    --running_;
    auto result = slot.transfer.finish(curl, code, slot.errorBuffer.data());
    completion_(slot.index, std::move(result));
  }
}

}  // namespace authreplay::http
