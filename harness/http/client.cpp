#include "http/client.h"

#include <curl/curl.h>

#include <array>

#include "http/curl_handle.h"
#include "http/easy_transfer.h"

namespace authreplay::http {

struct Client::State {
  EasyHandle easy = makeEasyHandle();
  std::array<char, CURL_ERROR_SIZE> errorBuffer{};
  EasyTransfer transfer;
};

Client::Client() : state_(std::make_unique<State>()) {}

Client::~Client() = default;

TransferResult Client::perform(const TransferRequest& request) {
  CURL* curl = state_->easy.get();
  state_->transfer.configure(curl, request, state_->errorBuffer.data());
  const CURLcode code = curl_easy_perform(curl);
  return state_->transfer.finish(curl, code, state_->errorBuffer.data());
}

}  // namespace authreplay::http
