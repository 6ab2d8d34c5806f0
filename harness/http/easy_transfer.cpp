#include "http/easy_transfer.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>
#include <string_view>

#include "text/ascii.h"

namespace authreplay::http {

namespace {

using Clock = LegRecorder::Clock;

int onDebug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto& recorder = *static_cast<LegRecorder*>(user);
  const std::string_view bytes(data, size);
  const auto now = Clock::now();
  switch (type) {
    case CURLINFO_TEXT:
      recorder.onText(bytes, now);
      break;
    case CURLINFO_HEADER_OUT:
      recorder.onHeaderOut(bytes, now);
      break;
    case CURLINFO_DATA_OUT:
      recorder.onDataOut(bytes);
      break;
    case CURLINFO_HEADER_IN:
      recorder.onHeaderIn(bytes, now);
      break;
    case CURLINFO_DATA_IN:
      recorder.onDataIn(bytes, now);
      break;
    default:
      break;  // TLS records are not HTTP legs
  }
  return 0;
}

// The TLS session of the connection CURL's request is about to go out on; nullptr over plain
// HTTP. The SSL pointer is there for every request on a connection, but only while a transfer runs
// (CURLINFO_TLS_SSL_PTR, "LIMITATIONS"), hence this is read in the prereq callback: after the
// connection (and TLS) is set up, before the request goes out.
SSL* tlsSessionOf(CURL* curl) {
  curl_tlssessioninfo* session = nullptr;
  if (curl == nullptr || curl_easy_getinfo(curl, CURLINFO_TLS_SSL_PTR, &session) != CURLE_OK ||
      session == nullptr || session->backend != CURLSSLBACKEND_OPENSSL) {
    return nullptr;
  }
  return static_cast<SSL*>(session->internals);
}

// The DER certificate the TLS server presented on SSL's connection; empty over plain HTTP. A
// browser binds its NTLM and Kerberos tokens to it (RFC 5929 tls-server-end-point, Extended
// Protection). CURLINFO_CERTINFO reports the chain only on the transfer that made the connection.
std::vector<std::uint8_t> peerCertificate(SSL* ssl) {
  X509* certificate = ssl != nullptr ? SSL_get0_peer_certificate(ssl) : nullptr;
  if (certificate == nullptr)
    return {};
  const int length = i2d_X509(certificate, nullptr);
  if (length <= 0)
    return {};
  std::vector<std::uint8_t> der(static_cast<std::size_t>(length));
  unsigned char* out = der.data();
  if (i2d_X509(certificate, &out) != length)
    return {};
  return der;
}

// The protocol the TLS server chose by ALPN (RFC 7301): "h2", "http/1.1", or "" when it chose none.
std::string alpnOf(SSL* ssl) {
  const unsigned char* protocol = nullptr;
  unsigned int length = 0;
  if (ssl != nullptr)
    SSL_get0_alpn_selected(ssl, &protocol, &length);
  return protocol != nullptr ? std::string(reinterpret_cast<const char*>(protocol), length) : "";
}

int onPrerequest(void* user, char* remoteIp, char*, int remotePort, int localPort) {
  auto& transfer = *static_cast<EasyTransfer*>(user);
  SSL* ssl = tlsSessionOf(transfer.handle());
  transfer.recorder().onPrerequest(remoteIp ? remoteIp : "", remotePort, localPort,
                                   peerCertificate(ssl));
  // Only the HTTP/2-exact policy looks at the protocol; every other request goes on at once.
  if (!transfer.exactHttp2())
    return CURL_PREREQFUNC_OK;
  return transfer.mayGoOn(ssl != nullptr, alpnOf(ssl)) ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

// The final body also reaches the write callback; the recorder already has every leg's body from
// the debug stream, so this only keeps libcurl from writing to stdout.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

unsigned long authMask(const CurlAuth& auth) {
  unsigned long mask = 0;
  for (const auto scheme : auth.schemes) {
    switch (scheme) {
      case auth::Scheme::kBasic:
        mask |= CURLAUTH_BASIC;
        break;
      case auth::Scheme::kNtlm:
        mask |= CURLAUTH_NTLM;
        break;
      case auth::Scheme::kNegotiate:
        mask |= CURLAUTH_NEGOTIATE;
        break;
    }
  }
  if (mask != 0 && auth.probeFirst)
    mask |= CURLAUTH_ONLY;
  return mask;
}

TransferError::Kind classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return TransferError::Kind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransferError::Kind::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return TransferError::Kind::kTls;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return TransferError::Kind::kProtocol;
    default:
      return TransferError::Kind::kOther;
  }
}

long curlHttpVersion(const TransferRequest& request) {
  switch (request.httpVersion) {
    case HttpVersionPolicy::kHttp11:
      return CURL_HTTP_VERSION_1_1;
    case HttpVersionPolicy::kHttp2:
      return CURL_HTTP_VERSION_2TLS;  // HTTP/1.1 on http://
    case HttpVersionPolicy::kHttp2Exact:
      // Over TLS libcurl offers "h2,http/1.1" in either mode; mayGoOn() refuses the http/1.1 pick.
      return text::startsWithIgnoreCase(request.url, "https://")
                 ? CURL_HTTP_VERSION_2TLS
                 : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
  }
  return CURL_HTTP_VERSION_1_1;
}

template <typename T>
void set(CURL* curl, CURLoption option, T value) {
  // Options are fixed at compile time and valid for this libcurl; a failure shows up in perform.
  (void)curl_easy_setopt(curl, option, value);
}

// A leg went through the proxy when its request-target is in absolute form (RFC 9112 §3.2.2: only
// proxies get "GET http://host/path") or its TCP peer is the proxy's port (a CONNECT tunnel).
// CURLOPT_NOPROXY may have sent it direct.
bool wentThroughProxy(const Exchange& exchange, const std::string& proxy) {
  const auto& target = exchange.request.target;
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0)
    return true;
  const auto colon = proxy.rfind(':');
  if (colon == std::string::npos || exchange.connection.remotePort == 0)
    return false;
  return proxy.substr(colon + 1) == std::to_string(exchange.connection.remotePort);
}

}  // namespace

// Everything but the headers and the connection policy: what a scripted browser's next leg of the
// same step usually shares with the last one.
static bool sameBesideHeaders(const TransferRequest& a, const TransferRequest& b) {
  return a.method == b.method && a.url == b.url && a.body == b.body &&
         a.httpVersion == b.httpVersion && a.auth.schemes == b.auth.schemes &&
         a.auth.probeFirst == b.auth.probeFirst && a.auth.user == b.auth.user &&
         a.auth.password.reveal() == b.auth.password.reveal() && a.proxy == b.proxy &&
         a.noProxy == b.noProxy && a.proxyCredentials.user == b.proxyCredentials.user &&
         a.proxyCredentials.password.reveal() == b.proxyCredentials.password.reveal() &&
         a.resolve == b.resolve && a.tls.caFile == b.tls.caFile &&
         a.tls.insecure == b.tls.insecure && a.connectTimeout == b.connectTimeout &&
         a.totalTimeout == b.totalTimeout && a.maxKeptBody == b.maxKeptBody;
}

void EasyTransfer::setHeaders(CURL* curl) {
  headers_ = HeaderList();
  bool hasExpect = false;
  for (const auto& header : request_.headers) {
    // "Name:" with no value would tell libcurl to drop its own header; "Name;" sends it empty.
    headers_.append(header.value.empty() ? header.name + ";" : header.name + ": " + header.value);
    if (firstHeader({header}, "Expect"))
      hasExpect = true;
  }
  // libcurl adds Expect: 100-continue to large bodies by itself; only a scenario may ask for it.
  if (!hasExpect)
    headers_.append("Expect:");
  set(curl, CURLOPT_HTTPHEADER, headers_.get());
}

void EasyTransfer::setConnectionPolicy(CURL* curl) {
  set(curl, CURLOPT_FRESH_CONNECT, request_.reuse == ConnectionReuse::kFresh ? 1L : 0L);
  set(curl, CURLOPT_FORBID_REUSE, request_.reuse == ConnectionReuse::kForbidReuse ? 1L : 0L);
  // libcurl's default pool size is 5 (CURLOPT_MAXCONNECTS).
  set(curl, CURLOPT_MAXCONNECTS, request_.soleConnection ? 1L : 5L);
}

bool EasyTransfer::mayGoOn(bool tls, const std::string& alpn) {
  if (!exactHttp2())
    return true;
  // .NET's exact policy fails a request when it cannot have HTTP/2: "Requesting HTTP version 2.0
  // with version policy RequestVersionExact while unable to establish HTTP/2 connection", and
  // for a stream reset with HTTP_1_1_REQUIRED "The HTTP/2 server reset the stream. HTTP/2 error
  // code 'HTTP_1_1_REQUIRED' (0xd)" (dotnet/runtime #1582). libcurl has no exact policy: its retry
  // on HTTP/1.1 is stopped here, after it connected and before the request goes out.
  if (recorder_.streamResetSeen()) {
    abortReason_ = "the server reset the HTTP/2 stream with " + recorder_.lastStreamReset() +
                   " and the client does not fall back to HTTP/1.1 (HTTP/2 exact)";
    return false;
  }
  if (tls && alpn != "h2") {
    abortReason_ = "the server did not negotiate HTTP/2 (ALPN: " +
                   (alpn.empty() ? std::string("none") : alpn) +
                   ") and the client does not fall back to HTTP/1.1 (HTTP/2 exact)";
    return false;
  }
  return true;
}

void EasyTransfer::configure(CURL* curl, const TransferRequest& request, char* errorBuffer) {
  recorder_ = LegRecorder(request.maxKeptBody);
  abortReason_.clear();
  errorBuffer[0] = '\0';
  if (configured_ == curl && sameBesideHeaders(request_, request)) {
    // The next leg of the same step (a scripted browser's Type 3 after its Type 1): only the
    // headers and the connection policy change, so the two dozen other options stay as they are.
    // request_ keeps its strings: libcurl points at its body (CURLOPT_POSTFIELDS is not copied).
    request_.headers = request.headers;
    request_.reuse = request.reuse;
    request_.soleConnection = request.soleConnection;
    setHeaders(curl);
    setConnectionPolicy(curl);
    started_ = Clock::now();
    return;
  }
  // curl_easy_reset keeps the handle's connections (and the share's); only options go.
  curl_easy_reset(curl);
  configured_ = curl;
  request_ = request;
  resolve_ = HeaderList();
  const TransferRequest& r = request_;

  set(curl, CURLOPT_ERRORBUFFER, errorBuffer);
  set(curl, CURLOPT_URL, r.url.c_str());
  set(curl, CURLOPT_HTTP_VERSION, curlHttpVersion(r));
  set(curl, CURLOPT_NOSIGNAL, 1L);
  set(curl, CURLOPT_VERBOSE, 1L);  // the debug callback only runs in verbose mode
  set(curl, CURLOPT_DEBUGFUNCTION, &onDebug);
  set(curl, CURLOPT_DEBUGDATA, static_cast<void*>(&recorder_));
  set(curl, CURLOPT_PREREQFUNCTION, &onPrerequest);
  set(curl, CURLOPT_PREREQDATA, static_cast<void*>(this));
  set(curl, CURLOPT_WRITEFUNCTION, &discard);
  set(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connectTimeout.count()));
  set(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(r.totalTimeout.count()));
  set(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a leg the scenario asserts, not followed
  set(curl, CURLOPT_USERAGENT, "authreplay/0.1");

  if (r.method == "GET") {
    set(curl, CURLOPT_HTTPGET, 1L);
  } else if (r.method == "HEAD") {
    set(curl, CURLOPT_NOBODY, 1L);
  } else if (r.method != "POST") {
    set(curl, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  if (r.body) {
    if (r.method == "GET")
      set(curl, CURLOPT_CUSTOMREQUEST, "GET");
    set(curl, CURLOPT_POSTFIELDS, r.body->data());
    set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body->size()));
  } else if (r.method == "POST") {
    set(curl, CURLOPT_POSTFIELDS, "");
    set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
  }

  setHeaders(curl);

  if (const auto mask = authMask(r.auth); mask != 0) {
    set(curl, CURLOPT_HTTPAUTH, mask);
    // libcurl authenticates only when it has a user name; an empty one (curl's `-u :`) lets
    // Negotiate use the Kerberos ccache. libcurl copies option strings; reveal() views a whole
    // std::string, so its data() is NUL-terminated and no unwiped copy is made here.
    set(curl, CURLOPT_USERNAME, r.auth.user.c_str());
    set(curl, CURLOPT_PASSWORD, r.auth.password.reveal().data());
  }

  setConnectionPolicy(curl);
  set(curl, CURLOPT_PROXY, r.proxy.c_str());  // "" = no proxy, also not from the environment
  if (!r.noProxy.empty())
    set(curl, CURLOPT_NOPROXY, r.noProxy.c_str());
  if (!r.proxy.empty() && !r.proxyCredentials.empty()) {
    set(curl, CURLOPT_PROXYAUTH, static_cast<unsigned long>(CURLAUTH_BASIC));
    set(curl, CURLOPT_PROXYUSERNAME, r.proxyCredentials.user.c_str());
    set(curl, CURLOPT_PROXYPASSWORD, r.proxyCredentials.password.reveal().data());
  }
  for (const auto& entry : r.resolve)
    resolve_.append(entry);
  if (resolve_.get() != nullptr)
    set(curl, CURLOPT_RESOLVE, resolve_.get());

  if (!r.tls.caFile.empty())
    set(curl, CURLOPT_CAINFO, r.tls.caFile.c_str());
  if (r.tls.insecure) {
    set(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    set(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  started_ = Clock::now();
}

TransferResult EasyTransfer::finish(CURL* curl, CURLcode code, const char* errorBuffer) {
  char* effectiveUrl = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effectiveUrl);
  TransferResult result;
  result.started = started_;
  result.finished = Clock::now();
  result.exchanges = recorder_.finish(effectiveUrl ? effectiveUrl : request_.url, result.finished);
  result.bytesSent = recorder_.bytesOut();
  result.bytesReceived = recorder_.bytesIn();
  if (!request_.proxy.empty()) {
    for (auto& exchange : result.exchanges) {
      if (wentThroughProxy(exchange, request_.proxy))
        exchange.proxy = request_.proxy;
    }
  }
  if (code == CURLE_OK) {
    for (const auto& exchange : result.exchanges) {
      if (exchange.response.headersComplete)
        continue;
      // A response cut off inside its headers is no response (it counted as its status line's
      // 200 before; issue 12): an error of its leg, like a connection that died.
      TransferError error;
      error.kind = TransferError::Kind::kProtocol;
      error.summary = "Response ended inside its headers";
      error.message = "the connection closed before the end of the response headers (HTTP " +
                      std::to_string(exchange.response.status) + " status line received)";
      result.error = std::move(error);
      return result;
    }
  }
  if (code == CURLE_ABORTED_BY_CALLBACK && !abortReason_.empty()) {
    // Stopped by the exact policy after a reset: the transfer is over as that client ends it, with
    // the reset leg as its last (the profile says what the client does next). Before any leg went
    // out (no h2 by ALPN) the request could not be sent at all: an error.
    if (recorder_.streamResetSeen() && !result.exchanges.empty())
      return result;
    TransferError error;
    error.kind = TransferError::Kind::kProtocol;
    error.curlCode = static_cast<int>(code);
    error.summary = "HTTP/2 required";
    error.message = abortReason_;
    result.error = std::move(error);
    return result;
  }
  if (code != CURLE_OK) {
    TransferError error;
    error.kind = classify(code);
    error.curlCode = static_cast<int>(code);
    error.message = errorBuffer != nullptr ? errorBuffer : "";
    error.summary = curl_easy_strerror(code);
    if (error.message.empty())
      error.message = error.summary;
    result.error = std::move(error);
  }
  return result;
}

}  // namespace authreplay::http
