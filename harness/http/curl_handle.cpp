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

EasyHandle makeEasyHandle() {
  ensureCurlGlobalInit();
  EasyHandle easy(curl_easy_init());
  if (!easy)
    throw std::runtime_error("curl_easy_init failed");
  return easy;
}

MultiHandle makeMultiHandle() {
  ensureCurlGlobalInit();
  MultiHandle multi(curl_multi_init());
  if (!multi)
    throw std::runtime_error("curl_multi_init failed");
  return multi;
}

ShareHandle makeConnectionPool() {
  ensureCurlGlobalInit();
  ShareHandle share(curl_share_init());
  if (!share)
    throw std::runtime_error("curl_share_init failed");
  curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  return share;
}

}  // namespace authreplay::http
