// Many transfers at once on one thread, through libcurl's multi interface (issue 6: no thread per
// request). Built for `authreplay bench`, so it records only what a benchmark needs per leg (the
// status line, the WWW-Authenticate values, header and body byte counts, when the headers ended)
// and none of Client's per-leg recording of whole requests and bodies: the harness's own cost must
// not be what a benchmark measures.
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
#include <optional>
#include <string>
#include <vector>

#include "http/transfer.h"

namespace authreplay::http {

// One transfer of one client: a single leg for a scripted browser, or several when libcurl runs
// the handshake itself (auth set).
struct MultiRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value" lines, sent as given
  // libcurl's own handshake with this one scheme (CURLOPT_HTTPAUTH, so pre-authenticating); none:
  // the transfer sends only the headers above.
  std::optional<AuthScheme> auth;
  std::string user;          // with auth; "" lets Negotiate use the ccache
  std::string password;      // with auth; never logged
  bool fresh = false;        // CURLOPT_FRESH_CONNECT: open a new connection
  bool forbidReuse = false;  // CURLOPT_FORBID_REUSE: close it after this transfer
  std::string caFile;
  bool insecure = false;
  std::chrono::milliseconds connectTimeout{3000};
  std::chrono::milliseconds totalTimeout{30000};

  bool operator==(const MultiRequest&) const = default;
};

// One HTTP response inside a transfer (1xx responses are not counted).
struct MultiResponse {
  int status = 0;
  std::vector<std::string> wwwAuthenticate;  // WWW-Authenticate values, in order
  std::size_t headerBytes = 0;               // status line and header lines as received
  std::optional<std::size_t> contentLength;  // the Content-Length header, when there is one
  std::chrono::steady_clock::time_point headersEnd;
};

struct MultiOutcome {
  std::vector<MultiResponse> responses;
  int curlCode = 0;   // libcurl's result code, 0 (CURLE_OK) on success; curlCodeText names it
  std::string error;  // libcurl's error text when curlCode != 0
  std::string body;   // the final response's body, kept only when its status >= 400 (bounded)
  std::size_t bytesSent = 0;  // request headers and bodies of every leg
  // Headers and bodies of every response. libcurl reads and drops the body of a 401 it answers
  // itself (never passing it to the write callback), so a body counts by its Content-Length, and
  // only a body without one by the bytes written.
  std::size_t bytesReceived = 0;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point finished;
};

// libcurl's fixed text for a result code (curl_easy_strerror), "Couldn't connect to server": unlike
// MultiOutcome::error (the error buffer) it never carries a URL, address or port.
const char* curlCodeText(int curlCode);

class MultiDriver {
 public:
  using Completion = std::function<void(std::size_t client, MultiOutcome&& outcome)>;

  // CLIENTS slots, each with its own easy handle and connection pool. Throws std::runtime_error
  // when libcurl cannot allocate them.
  MultiDriver(std::size_t clients, Completion completion);
  ~MultiDriver();
  MultiDriver(const MultiDriver&) = delete;
  MultiDriver& operator=(const MultiDriver&) = delete;

  // Starts REQUEST on CLIENT's slot, which must be idle. Its outcome reaches the completion
  // callback from inside poll().
  void start(std::size_t client, const MultiRequest& request);

  // Drives every transfer, waiting at most WAIT for activity; calls the completion callback for
  // every transfer that finished (the callback may start() the next one).
  void poll(std::chrono::milliseconds wait);

  std::size_t running() const { return running_; }

 private:
  struct MultiHandle;  // owns the CURLM*
  struct Slot;
  static std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user);
  static std::size_t onWrite(char* data, std::size_t size, std::size_t count, void* user);
  void collect();
  static void configure(Slot& slot, const MultiRequest& request);

  std::unique_ptr<MultiHandle> multi_;
  std::vector<std::unique_ptr<Slot>> slots_;  // after multi_: destroyed first, as libcurl requires
  Completion completion_;
  std::size_t running_ = 0;
};

}  // namespace authreplay::http
