#include "http/client.h"

#include <curl/curl.h>

#include "http/curl_handle.h"
#include "http/leg_recorder.h"

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

int onPrerequest(void* user, char* remoteIp, char*, int remotePort, int localPort) {
  static_cast<LegRecorder*>(user)->onPrerequest(remoteIp ? remoteIp : "", remotePort, localPort);
  return CURL_PREREQFUNC_OK;
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
      case AuthScheme::kBasic:
        mask |= CURLAUTH_BASIC;
        break;
      case AuthScheme::kNtlm:
        mask |= CURLAUTH_NTLM;
        break;
      case AuthScheme::kNegotiate:
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

const char* toString(TransferError::Kind kind) {
  switch (kind) {
    case TransferError::Kind::kConnect:
      return "connect";
    case TransferError::Kind::kTls:
      return "tls";
    case TransferError::Kind::kTimeout:
      return "timeout";
    case TransferError::Kind::kProtocol:
      return "protocol";
    case TransferError::Kind::kOther:
      return "other";
  }
  return "?";
}

Client::Client() : handle_(std::make_unique<EasyHandle>()) {}

Client::~Client() = default;

TransferResult Client::perform(const TransferRequest& request) {
  handle_->reset();
  CURL* curl = handle_->get();
  LegRecorder recorder;

  set(curl, CURLOPT_URL, request.url.c_str());
  set(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  set(curl, CURLOPT_NOSIGNAL, 1L);
  set(curl, CURLOPT_VERBOSE, 1L);  // the debug callback only runs in verbose mode
  set(curl, CURLOPT_DEBUGFUNCTION, &onDebug);
  set(curl, CURLOPT_DEBUGDATA, &recorder);
  set(curl, CURLOPT_PREREQFUNCTION, &onPrerequest);
  set(curl, CURLOPT_PREREQDATA, &recorder);
  set(curl, CURLOPT_WRITEFUNCTION, &discard);
  set(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connectTimeout.count()));
  set(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.totalTimeout.count()));
  set(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a leg the scenario asserts, not followed
  set(curl, CURLOPT_USERAGENT, "authreplay/0.1");

  if (request.method == "GET") {
    set(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    set(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method != "POST") {
    set(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (request.body) {
    if (request.method == "GET")
      set(curl, CURLOPT_CUSTOMREQUEST, "GET");
    set(curl, CURLOPT_POSTFIELDS, request.body->data());
    set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
  } else if (request.method == "POST") {
    set(curl, CURLOPT_POSTFIELDS, "");
    set(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
  }

  HeaderList headers;
  bool hasExpect = false;
  for (const auto& header : request.headers) {
    // "Name:" with no value would tell libcurl to drop its own header; "Name;" sends it empty.
    headers.append(header.value.empty() ? header.name + ";" : header.name + ": " + header.value);
    if (firstHeader({header}, "Expect"))
      hasExpect = true;
  }
  // libcurl adds Expect: 100-continue to large bodies by itself; only a scenario may ask for it.
  if (!hasExpect)
    headers.append("Expect:");
  set(curl, CURLOPT_HTTPHEADER, headers.get());
  handle_->keep(std::move(headers));

  if (const auto mask = authMask(request.auth); mask != 0) {
    set(curl, CURLOPT_HTTPAUTH, mask);
    // libcurl authenticates only when it has a user name; an empty one (curl's `-u :`) lets
    // Negotiate use the Kerberos ccache.
    set(curl, CURLOPT_USERNAME, request.auth.user.c_str());
    set(curl, CURLOPT_PASSWORD, request.auth.password.c_str());
  }

  switch (request.reuse) {
    case ConnectionReuse::kReuse:
      break;
    case ConnectionReuse::kFresh:
      set(curl, CURLOPT_FRESH_CONNECT, 1L);
      break;
    case ConnectionReuse::kForbidReuse:
      set(curl, CURLOPT_FORBID_REUSE, 1L);
      break;
  }

  if (request.soleConnection)
    set(curl, CURLOPT_MAXCONNECTS, 1L);
  set(curl, CURLOPT_PROXY, request.proxy.c_str());  // "" = no proxy, also not from the environment
  if (!request.noProxy.empty())
    set(curl, CURLOPT_NOPROXY, request.noProxy.c_str());
  if (!request.proxy.empty() && !request.proxyCredentials.empty()) {
    set(curl, CURLOPT_PROXYAUTH, static_cast<unsigned long>(CURLAUTH_BASIC));
    set(curl, CURLOPT_PROXYUSERNAME, request.proxyCredentials.user.c_str());
    set(curl, CURLOPT_PROXYPASSWORD, request.proxyCredentials.password.c_str());
  }
  HeaderList resolve;
  for (const auto& entry : request.resolve)
    resolve.append(entry);
  if (resolve.get() != nullptr)
    set(curl, CURLOPT_RESOLVE, resolve.get());
  handle_->keep(std::move(resolve));

  if (!request.tls.caFile.empty())
    set(curl, CURLOPT_CAINFO, request.tls.caFile.c_str());
  if (request.tls.insecure) {
    set(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    set(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  const CURLcode code = curl_easy_perform(curl);
  char* effectiveUrl = nullptr;
  curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effectiveUrl);
  TransferResult result;
  result.exchanges = recorder.finish(effectiveUrl ? effectiveUrl : request.url, Clock::now());
  if (!request.proxy.empty()) {
    for (auto& exchange : result.exchanges) {
      if (wentThroughProxy(exchange, request.proxy))
        exchange.proxy = request.proxy;
    }
  }
  if (code != CURLE_OK) {
    TransferError error;
    error.kind = classify(code);
    error.curlCode = static_cast<int>(code);
    error.message = handle_->errorText();
    if (error.message.empty())
      error.message = curl_easy_strerror(code);
    result.error = std::move(error);
  }
  return result;
}

}  // namespace authreplay::http
