// RAII owners for libcurl's C handles, after cpr's CurlHolder: one owner per CURL*, CURLM*, CURLSH*
// and curl_slist, copy deleted, move leaves the source empty. Internal to http/.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <utility>

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

struct EasyCleanup {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct MultiCleanup {
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
struct ShareCleanup {
  void operator()(CURLSH* share) const noexcept { curl_share_cleanup(share); }
};

// One easy handle. Kept for a whole scenario (or a virtual browser's life) so that its connection
// cache, and so TCP connection reuse, which NTLM depends on, lives across steps as a browser's
// does.
using EasyHandle = std::unique_ptr<CURL, EasyCleanup>;
using MultiHandle = std::unique_ptr<CURLM, MultiCleanup>;
using ShareHandle = std::unique_ptr<CURLSH, ShareCleanup>;

// Each throws std::runtime_error when libcurl cannot allocate the handle (after
// curl_global_init, which they make sure of).
EasyHandle makeEasyHandle();
MultiHandle makeMultiHandle();
// A share that holds its own connection cache (CURL_LOCK_DATA_CONNECT): one browser's pool.
ShareHandle makeConnectionPool();

}  // namespace authreplay::http
