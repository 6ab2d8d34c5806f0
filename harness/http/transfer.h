// What to send (TransferRequest) and what happened (TransferResult): the one request and response
// type of the harness, for the runner's blocking http::Client and the benchmark's
// http::MultiDriver alike. A transfer is one libcurl transfer: one leg, or several when libcurl
// runs NTLM/Negotiate itself. Failures are values (cpr's Error), never exceptions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "auth/scheme.h"
#include "auth/secret.h"
#include "http/exchange.h"

namespace authreplay::http {

// libcurl's own authentication (CURLOPT_HTTPAUTH). With one scheme libcurl sends it on the first
// request (pre-authentication); with several, or with probeFirst, it waits for the 401.
struct CurlAuth {
  std::vector<auth::Scheme> schemes;  // empty: no authentication
  bool probeFirst = false;            // CURLAUTH_ONLY: ask anonymously first even with one scheme
  std::string user;                   // "DOMAIN\\user"; empty with Negotiate uses the ccache
  auth::Secret password;
};

enum class ConnectionReuse {
  kReuse,        // reuse a cached connection when one fits (the default, as browsers do)
  kFresh,        // CURLOPT_FRESH_CONNECT: open a new connection for this transfer
  kForbidReuse,  // CURLOPT_FORBID_REUSE: close the connection after this transfer
};

// libcurl's own proxy authentication (CURLOPT_PROXYAUTH Basic), for the `curl` profile. The
// scripted profiles answer a 407 themselves with a Proxy-Authorization header.
struct ProxyCredentials {
  std::string user;
  auth::Secret password;
  bool empty() const { return user.empty(); }
};

// Which HTTP version the client asks for (CURLOPT_HTTP_VERSION). Only https origins can speak
// HTTP/2 here: IIS has no cleartext h2c ("HTTP/2 on IIS", iis-docs), browsers none either.
enum class HttpVersionPolicy {
  kHttp11,  // HTTP/1.1 only: ALPN offers http/1.1 (IE with "Use HTTP2" off, HttpWebRequest)
  // h2 when the TLS server picks it by ALPN, else HTTP/1.1 (CURL_HTTP_VERSION_2TLS, curl's own
  // default). A stream the server resets with HTTP_1_1_REQUIRED (RFC 9113 §7, 0xd) is sent again
  // by libcurl on a new HTTP/1.1 connection within the same transfer (lib/multi.c: "Downgrades to
  // HTTP/1.1"), which is what Chromium's HttpNetworkTransaction::HandleHttp11Required does.
  kHttp2,
  // HTTP/2 and nothing else (.NET's HttpVersionPolicy.RequestVersionExact with Version 2.0): a
  // connection that did not negotiate h2 fails the transfer before a request goes on it, and
  // libcurl's retry after HTTP_1_1_REQUIRED is not made: the transfer ends with the reset leg
  // (dotnet/runtime #1582). Plain http uses h2 prior knowledge, as .NET does for an exact 2.0 on
  // http://.
  kHttp2Exact,
};

const char* toString(HttpVersionPolicy policy);

struct TlsSettings {
  std::string caFile;     // --cacert
  bool insecure = false;  // only when asked for; verification is on by default
};

struct TransferRequest {
  std::string method = "GET";
  std::string url;
  std::vector<Header> headers;      // sent as given; a header here replaces libcurl's own
  std::optional<std::string> body;  // sent with Content-Length
  CurlAuth auth;
  ConnectionReuse reuse = ConnectionReuse::kReuse;
  HttpVersionPolicy httpVersion = HttpVersionPolicy::kHttp11;
  // After this transfer keep only its own connection open (CURLOPT_MAXCONNECTS 1): the older idle
  // ones are closed. A scripted profile that opens a fresh connection sets it, so that its next
  // leg cannot be given an older idle connection (libcurl hands out the oldest matching one).
  bool soleConnection = false;
  std::string proxy;                  // "" = direct
  std::string noProxy;                // comma-separated hosts, as CURLOPT_NOPROXY takes them
  ProxyCredentials proxyCredentials;  // libcurl answers the proxy's 407 with Basic
  std::vector<std::string> resolve;   // "host:port:address"
  TlsSettings tls;
  std::chrono::milliseconds connectTimeout{3000};
  std::chrono::milliseconds totalTimeout{30000};
  // Response bodies are kept up to this many bytes per leg (the rest is counted, not stored), so a
  // server that streams an endless body cannot exhaust the harness. Enough for any IIS detailed
  // error page, whose heading carries the substatus (expect/error_page.h).
  std::size_t maxKeptBody = 1024 * 1024;
};

struct TransferError {
  enum class Kind { kConnect, kTls, kTimeout, kProtocol, kOther };
  Kind kind = Kind::kOther;
  int curlCode = 0;
  std::string message;  // libcurl's error text, or curl_easy_strerror
  // curl_easy_strerror's fixed text for the code ("Couldn't connect to server"): unlike message it
  // never carries a URL, address or port, so counts can be grouped by it (bench).
  std::string summary;
};

const char* toString(TransferError::Kind kind);

struct TransferResult {
  std::vector<Exchange> exchanges;  // every leg, including those made before a failure
  std::optional<TransferError> error;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point finished;
  // Bytes on the wire above TCP/TLS: request headers and bodies of every leg, response headers and
  // bodies (as received, before chunked decoding; also the bodies beyond maxKeptBody).
  std::size_t bytesSent = 0;
  std::size_t bytesReceived = 0;
  explicit operator bool() const { return !error.has_value(); }
};

}  // namespace authreplay::http
