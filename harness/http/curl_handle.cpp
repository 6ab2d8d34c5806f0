#include "http/curl_handle.h"

#include <new>
#include <stdexcept>

#include "http/curl_global.h"

namespace authreplay::http {

void HeaderList::append(const std::string& line) {
  curl_slist* grown = curl_slist_append(list_, line.c_str());
  if (grown == nullptr)
    throw std::bad_alloc();
  list_ = grown;
}

EasyHandle::EasyHandle() {
  ensureCurlGlobalInit();
  curl_ = curl_easy_init();
  if (curl_ == nullptr)
    throw std::runtime_error("curl_easy_init failed");
  reset();
}

EasyHandle::~EasyHandle() {
  if (curl_ != nullptr)
    curl_easy_cleanup(curl_);
}

EasyHandle::EasyHandle(EasyHandle&& other) noexcept
    : curl_(std::exchange(other.curl_, nullptr)), lists_(std::move(other.lists_)) {
  // The error buffer lives in this object: point libcurl at ours.
  if (curl_ != nullptr)
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errorBuffer_.data());
}

EasyHandle& EasyHandle::operator=(EasyHandle&& other) noexcept {
  if (this != &other) {
    if (curl_ != nullptr)
      curl_easy_cleanup(curl_);
    curl_ = std::exchange(other.curl_, nullptr);
    lists_ = std::move(other.lists_);
    errorBuffer_.fill('\0');
    if (curl_ != nullptr)
      curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errorBuffer_.data());
  }
  return *this;
}

void EasyHandle::reset() {
  curl_easy_reset(curl_);
  lists_.clear();
  errorBuffer_.fill('\0');
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errorBuffer_.data());
}

}  // namespace authreplay::http
