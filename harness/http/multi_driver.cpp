#include "http/multi_driver.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>
#include <string_view>

#include "http/curl_global.h"
#include "text/ascii.h"

namespace authreplay::http {

namespace {

using Clock = std::chrono::steady_clock;

// Enough for any IIS detailed error page's heading (error_page.h reads the substatus from it);
// bounded so that a server sending large error bodies cannot grow the benchmark's memory.
constexpr std::size_t kMaxKeptBody = 64 * 1024;

template <typename T>
void set(CURL* curl, CURLoption option, T value) {
  // Options are fixed at compile time and valid for this libcurl; a failure shows in the outcome.
  (void)curl_easy_setopt(curl, option, value);
}

unsigned long authMask(AuthScheme scheme) {
  switch (scheme) {
    case AuthScheme::kBasic:
      return CURLAUTH_BASIC;
    case AuthScheme::kNtlm:
      return CURLAUTH_NTLM;
    case AuthScheme::kNegotiate:
      return CURLAUTH_NEGOTIATE;
  }
  return CURLAUTH_NONE;
}

}  // namespace

const char* curlCodeText(int curlCode) {
  return curl_easy_strerror(static_cast<CURLcode>(curlCode));
}

struct MultiDriver::MultiHandle {
  CURLM* multi = curl_multi_init();
  ~MultiHandle() {
    if (multi != nullptr)
      curl_multi_cleanup(multi);
  }
};

struct MultiDriver::Slot {
  std::size_t index = 0;
  CURL* easy = nullptr;
  CURLSH* pool = nullptr;  // this client's own connection cache
  curl_slist* headers = nullptr;
  std::array<char, CURL_ERROR_SIZE> errorBuffer{};
  MultiRequest request;  // keeps the strings libcurl points at alive during the transfer
  MultiOutcome outcome;
  std::size_t bodyBytes = 0;  // what reached the write callback
  bool inHeaders = false;
  bool busy = false;
  bool configured = false;  // the easy handle's options are request's

  ~Slot() {
    if (easy != nullptr)
      curl_easy_cleanup(easy);
    if (pool != nullptr)
      curl_share_cleanup(pool);
    curl_slist_free_all(headers);
  }
};

MultiDriver::MultiDriver(std::size_t clients, Completion completion)
    : completion_(std::move(completion)) {
  ensureCurlGlobalInit();
  multi_ = std::make_unique<MultiHandle>();
  if (multi_->multi == nullptr)
    throw std::runtime_error("curl_multi_init failed");
  // libcurl applies this limit to the cache a returned connection goes into, here a client's own
  // pool: each client keeps at most one idle connection, so a client that opens a fresh connection
  // per request closes its previous one instead of piling them up on the server.
  curl_multi_setopt(multi_->multi, CURLMOPT_MAXCONNECTS, 1L);
  for (std::size_t i = 0; i < clients; ++i) {
    auto slot = std::make_unique<Slot>();
    slot->index = i;
    slot->easy = curl_easy_init();
    slot->pool = curl_share_init();
    if (slot->easy == nullptr || slot->pool == nullptr)
      throw std::runtime_error("curl_easy_init / curl_share_init failed");
    curl_share_setopt(slot->pool, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    slots_.push_back(std::move(slot));
  }
}

MultiDriver::~MultiDriver() {
  for (auto& slot : slots_) {
    if (slot->busy)
      curl_multi_remove_handle(multi_->multi, slot->easy);
  }
  // Easy handles and their pools go before the multi handle, as libcurl requires.
  slots_.clear();
  multi_.reset();
}

std::size_t MultiDriver::onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto& slot = *static_cast<Slot*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  auto& responses = slot.outcome.responses;
  if (!slot.inHeaders) {
    if (line.substr(0, 5) != "HTTP/")
      return bytes;
    int status = 0;
    const auto space = line.find(' ');
    if (space != std::string_view::npos)
      std::from_chars(line.data() + space + 1, line.data() + line.size(), status);
    // A 100 Continue is not a leg of its own: the final status line follows on the same leg.
    if (responses.empty() || responses.back().status >= 200)
      responses.emplace_back();
    responses.back().status = status;
    responses.back().headerBytes += bytes;
    slot.inHeaders = true;
    return bytes;
  }
  auto& response = responses.back();
  response.headerBytes += bytes;
  if (text::trimWhitespace(line).empty()) {
    slot.inHeaders = false;
    response.headersEnd = Clock::now();
  } else if (text::startsWithIgnoreCase(line, "WWW-Authenticate:")) {
    response.wwwAuthenticate.emplace_back(text::trimWhitespace(line.substr(17)));
  } else if (text::startsWithIgnoreCase(line, "Content-Length:")) {
    const auto value = text::trimWhitespace(line.substr(15));
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc() && end == value.data() + value.size())
      response.contentLength = length;
  }
  return bytes;
}

std::size_t MultiDriver::onWrite(char* data, std::size_t size, std::size_t count, void* user) {
  auto& slot = *static_cast<Slot*>(user);
  const std::size_t bytes = size * count;
  slot.bodyBytes += bytes;
  // Only an error's body is read (its substatus); a 200's is counted and dropped.
  if (!slot.outcome.responses.empty() && slot.outcome.responses.back().status >= 400 &&
      slot.outcome.body.size() < kMaxKeptBody) {
    slot.outcome.body.append(data, std::min(bytes, kMaxKeptBody - slot.outcome.body.size()));
  }
  return bytes;
}

void MultiDriver::start(std::size_t client, const MultiRequest& request) {
  auto& slot = *slots_.at(client);
  if (slot.busy)
    throw std::logic_error("MultiDriver::start on a busy client slot");
  CURL* curl = slot.easy;
  slot.outcome = MultiOutcome{};
  slot.inHeaders = false;
  slot.bodyBytes = 0;
  slot.errorBuffer.fill('\0');
  // Options stay on an easy handle between transfers: a request like the last one (the curl
  // profile's every request) goes out without a reset and two dozen setopt calls, so the bench
  // costs no more per request than the plain libcurl loop it is compared with.
  if (!(slot.configured && request == slot.request))
    configure(slot, request);
  slot.outcome.started = Clock::now();
  if (const CURLMcode code = curl_multi_add_handle(multi_->multi, curl); code != CURLM_OK)
    throw std::runtime_error(std::string("curl_multi_add_handle: ") + curl_multi_strerror(code));
  slot.busy = true;
  ++running_;
}

void MultiDriver::configure(Slot& slot, const MultiRequest& request) {
  CURL* curl = slot.easy;
  // curl_easy_reset keeps the handle's caches; the connection pool is the share's anyway.
  curl_easy_reset(curl);
  curl_slist_free_all(slot.headers);
  slot.headers = nullptr;
  slot.request = request;
  slot.configured = true;
  const MultiRequest& r = slot.request;

  set(curl, CURLOPT_SHARE, slot.pool);
  set(curl, CURLOPT_PRIVATE, static_cast<void*>(&slot));
  set(curl, CURLOPT_ERRORBUFFER, slot.errorBuffer.data());
  set(curl, CURLOPT_URL, r.url.c_str());
  set(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(curl, CURLOPT_NOSIGNAL, 1L);
  set(curl, CURLOPT_HEADERFUNCTION, &MultiDriver::onHeader);
  set(curl, CURLOPT_HEADERDATA, static_cast<void*>(&slot));
  set(curl, CURLOPT_WRITEFUNCTION, &MultiDriver::onWrite);
  set(curl, CURLOPT_WRITEDATA, static_cast<void*>(&slot));
  set(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connectTimeout.count()));
  set(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(r.totalTimeout.count()));
  set(curl, CURLOPT_USERAGENT, "authreplay-bench/0.1");
  set(curl, CURLOPT_PROXY, "");  // direct, also when the environment names a proxy
  for (const auto& line : r.headers) {
    curl_slist* grown = curl_slist_append(slot.headers, line.c_str());
    if (grown == nullptr)
      throw std::bad_alloc();
    slot.headers = grown;
  }
  if (slot.headers != nullptr)
    set(curl, CURLOPT_HTTPHEADER, slot.headers);
  if (r.auth) {
    set(curl, CURLOPT_HTTPAUTH, authMask(*r.auth));
    set(curl, CURLOPT_USERNAME, r.user.c_str());
    set(curl, CURLOPT_PASSWORD, r.password.c_str());
  }
  if (r.fresh)
    set(curl, CURLOPT_FRESH_CONNECT, 1L);
  if (r.forbidReuse)
    set(curl, CURLOPT_FORBID_REUSE, 1L);
  if (!r.caFile.empty())
    set(curl, CURLOPT_CAINFO, r.caFile.c_str());
  if (r.insecure) {
    set(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    set(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

void MultiDriver::poll(std::chrono::milliseconds wait) {
  if (running_ == 0)
    return;
  // One wait and one perform per round, as curl_easy_perform's own loop does: a transfer just
  // added has a timeout of zero, so the wait returns at once and the perform starts it.
  curl_multi_poll(multi_->multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
  int stillRunning = 0;
  curl_multi_perform(multi_->multi, &stillRunning);
  collect();
}

void MultiDriver::collect() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_->multi, &queued)) {
    if (message->msg != CURLMSG_DONE)
      continue;
    CURL* curl = message->easy_handle;
    const CURLcode code = message->data.result;
    void* privateData = nullptr;
    curl_easy_getinfo(curl, CURLINFO_PRIVATE, &privateData);
    auto& slot = *static_cast<Slot*>(privateData);
    curl_multi_remove_handle(multi_->multi, curl);
    slot.busy = false;
    --running_;
    MultiOutcome outcome = std::move(slot.outcome);
    outcome.finished = Clock::now();
    outcome.curlCode = static_cast<int>(code);
    if (code != CURLE_OK) {
      outcome.error =
          slot.errorBuffer[0] != '\0' ? slot.errorBuffer.data() : curl_easy_strerror(code);
    }
    long requestSize = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &requestSize);
    outcome.bytesSent = static_cast<std::size_t>(requestSize);
    for (const auto& response : outcome.responses)
      outcome.bytesReceived += response.headerBytes + response.contentLength.value_or(0);
    if (!outcome.responses.empty() && !outcome.responses.back().contentLength)
      outcome.bytesReceived += slot.bodyBytes;
    slot.outcome = MultiOutcome{};
    completion_(slot.index, std::move(outcome));
  }
}

}  // namespace authreplay::http
