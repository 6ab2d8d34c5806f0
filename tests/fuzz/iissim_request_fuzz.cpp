// Fuzz target: iis-sim's request handling, in process, on the bytes a client sends on one TCP
// connection (several pipelined requests allowed). The socket session (http/http_server.cpp) is
// the only part not driven: its reads go through the same parser set-up, limits and error mapping
// (http/beast_request.h), which this target runs over a buffer as the session runs them over the
// socket, then
//   HTTP.sys's checks (http/httpsys_validation.cpp: host routing, MaxFieldLength, duplicate Host,
//   411, URL canonicalisation in request_target.cpp) and, on a failure, its own error page;
//   the IIS pipeline of one connection (pipeline/site_connection.cpp): routing, the
//   authentication stage with its per-connection state (Negotiate, NTLM, Basic tokens from the
//   fuzzer), the handlers (static files of fixtures/lab/wwwroot, the SOAP service, the identity
//   endpoint, OPTIONS/TRACE), error pages;
//   the HTTPERR request-line split and classification (splitRequestLine, classifyBadRequestLine).
// Checks that nothing crashes, throws or hits UB, that every response has a status in 100..599,
// and that unparsed bytes never exceed unparsedLimit (the 534 MB chunk-extension finding of
// issue 12): the buffer is refused with HTTP.sys's 400 instead, as the session does.
#include <boost/beast/http/error.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_input.h"
#include "iis-sim/config/config_loader.h"
#include "iis-sim/http/beast_request.h"
#include "iis-sim/http/http_date.h"
#include "iis-sim/http/httpsys_error.h"
#include "iis-sim/http/httpsys_validation.h"
#include "iis-sim/http/request_target.h"
#include "iis-sim/pipeline/site_connection.h"
#include "iis-sim/pipeline/site_runtime.h"
#include "iissim_credentials.h"

namespace {

using authreplay::fuzz::invariantFailed;

// A site in the lab's vocabulary (fixtures/lab/iis-sim.json.in) over the lab's wwwroot; no log
// file, no TLS.
const iissim::ServerConfig& serverConfig() {
  static const iissim::ServerConfig config = iissim::parseServerConfig(
      R"({
  "sites": [ {
    "name": "Default", "id": 1,
    "bindings": [ { "protocol": "http", "bindingInformation": "127.0.0.1:0:" } ],
    "physicalPath": ")" AUTHREPLAY_LAB_WWWROOT R"(",
    "anonymousAuthentication": { "enabled": true },
    "httpErrors": { "errorMode": "DetailedLocalOnly" },
    "applications": [
      { "path": "/ActiveXTest/", "anonymousAuthentication": { "enabled": false },
        "windowsAuthentication": { "enabled": true, "providers": ["Negotiate", "NTLM"] } },
      { "path": "/KernelModeOff/", "anonymousAuthentication": { "enabled": false },
        "windowsAuthentication": { "enabled": true, "useKernelMode": false } },
      { "path": "/NtlmOnly/", "anonymousAuthentication": { "enabled": false },
        "windowsAuthentication": { "enabled": true, "providers": ["NTLM"] } },
      { "path": "/SingleRequest/", "anonymousAuthentication": { "enabled": false },
        "windowsAuthentication": { "enabled": true, "authPersistSingleRequest": true } },
      { "path": "/BasicTls/", "anonymousAuthentication": { "enabled": false },
        "basicAuthentication": { "enabled": true, "realm": "localhost",
                                 "defaultLogonDomain": "HARNESS" } },
      { "path": "/NoAuth/", "anonymousAuthentication": { "enabled": false } }
    ],
    "virtualDirectories": [
      { "path": "/ActiveXTest/Anonymous/", "anonymousAuthentication": { "enabled": true } }
    ]
  } ]
})",
      "fuzz-iis-sim.json", ".");
  return config;
}

void checkStatus(const iissim::HttpResponse& response) {
  if (response.status < 100 || response.status > 599)
    invariantFailed("a response status outside 100..599");
}

// One request through HTTP.sys's checks and the site's pipeline; false when the connection
// closes after it.
bool serve(iissim::HttpRequest& request, bool bodyComplete, iissim::SiteConnection& connection,
           const iissim::HttpSysLimits& limits) {
  (void)iissim::parseRequestTarget(request.target);
  if (const auto error = iissim::validateRequest(request, "", limits)) {
    checkStatus(iissim::renderHttpSysError(*error, iissim::httpDateNow()));
    return false;
  }
  if (!bodyComplete) {
    checkStatus(connection.contentTooLarge(request));
    return false;
  }
  request.bodyRead = true;
  auto response = connection.authorize(request);
  if (!response)
    response = connection.handle(request);
  checkStatus(*response);
  connection.responseSent(*response, std::chrono::milliseconds(0));
  return !response->close;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace http = boost::beast::http;
  const auto& config = serverConfig();
  std::string_view input = authreplay::fuzz::asText(data, size);
  (void)iissim::classifyBadRequestLine(input);
  (void)iissim::splitRequestLine(input);

  iissim::SiteRuntime site(config.sites.front(), config.limits);
  iissim::ConnectionInfo info{"127.0.0.1", 80, "127.0.0.1", 50000, false};
  iissim::SiteConnection connection(site, authreplay::fuzz::iissimCredentials(), info, false);
  while (!input.empty()) {
    iissim::RequestParser parser;
    iissim::configureParser(parser, config.limits);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done() && !input.empty()) {
      const auto used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec == http::error::need_more) {
        // The session's buffer holds at most unparsedLimit bytes the parser has not taken.
        if (input.size() > iissim::unparsedLimit(config.limits)) {
          ec = http::error::buffer_overflow;
          break;
        }
        ec = {};
        if (used == 0)
          break;  // the rest is an incomplete element: the client would have to send more
        continue;
      }
      if (ec)
        break;
    }
    if (ec == http::error::body_limit) {
      auto request = iissim::requestHeaderOf(parser);
      (void)serve(request, false, connection, config.limits);
      return 0;
    }
    if (ec) {
      if (const auto error = iissim::httpSysErrorFor(ec))
        checkStatus(iissim::renderHttpSysError(*error, iissim::httpDateNow()));
      return 0;
    }
    if (!parser.is_header_done())
      return 0;  // the client stopped sending mid-header: the session times out (HTTPERR)
    auto request = iissim::requestHeaderOf(parser);
    if (!parser.is_done())
      return 0;  // the body never completed
    request.body = parser.get().body();
    if (!serve(request, true, connection, config.limits) || !parser.get().keep_alive())
      return 0;
  }
  return 0;
}
