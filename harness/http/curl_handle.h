// RAII owners for libcurl's C handles, after cpr's CurlHolder: one owner per CURL* and per
// curl_slist, copy deleted, move leaves the source empty.
#pragma once

#include <curl/curl.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace authreplay::http {

class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  HeaderList(HeaderList&& other) noexcept : list_(std::exchange(other.list_, nullptr)) {}
  HeaderList& operator=(HeaderList&& other) noexcept {
    if (this != &other) {
      curl_slist_free_all(list_);
      list_ = std::exchange(other.list_, nullptr);
    }
    return *this;
  }

  // Throws std::bad_alloc when libcurl cannot allocate.
  void append(const std::string& line);
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// One easy handle, kept for a whole scenario so that its connection cache (and so TCP connection
// reuse, which NTLM depends on) lives across steps, as a browser's does.
class EasyHandle {
 public:
  EasyHandle();  // throws std::runtime_error when curl_easy_init fails
  ~EasyHandle();
  EasyHandle(const EasyHandle&) = delete;
  EasyHandle& operator=(const EasyHandle&) = delete;
  EasyHandle(EasyHandle&& other) noexcept;
  EasyHandle& operator=(EasyHandle&& other) noexcept;

  CURL* get() const { return curl_; }
  // libcurl's message for the last failure (CURLOPT_ERRORBUFFER), or "" when it wrote none.
  std::string errorText() const { return errorBuffer_.data(); }
  // Clears every option (curl_easy_reset keeps live connections) and re-arms the error buffer.
  void reset();

  // Keeps lists and strings alive for as long as the current transfer's options point at them.
  void keep(HeaderList list) { lists_.push_back(std::move(list)); }

 private:
  CURL* curl_ = nullptr;
  std::array<char, CURL_ERROR_SIZE> errorBuffer_{};
  std::vector<HeaderList> lists_;
};

}  // namespace authreplay::http
