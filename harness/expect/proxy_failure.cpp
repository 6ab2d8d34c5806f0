#include "expect/proxy_failure.h"

#include "text/ascii.h"

namespace authreplay::expect {

std::optional<std::string> proxyOwnFailure(const LegObservation& leg) {
  const auto& response = leg.exchange.response;
  if (!leg.viaProxy || response.status < 500 || response.status > 599)
    return std::nullopt;
  std::string evidence;
  if (const auto squid = http::firstHeader(response.headers, "X-Squid-Error")) {
    evidence = "X-Squid-Error: " + *squid;
  } else if (const auto status = http::firstHeader(response.headers, "Proxy-Status")) {
    evidence = "Proxy-Status: " + *status;  // RFC 9209
  } else if (const auto server = http::firstHeader(response.headers, "Server");
             server && text::startsWithIgnoreCase(*server, "squid")) {
    evidence = "Server: " + *server;
  } else {
    return std::nullopt;  // the origin's own 5xx, passed through
  }
  return "the proxy " + leg.exchange.proxy + " answered " + std::to_string(response.status) +
         " itself (" + evidence.substr(0, 120) + "): the server behind it could not be reached";
}

}  // namespace authreplay::expect
