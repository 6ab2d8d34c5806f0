#include "expect/leg_observation.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "auth/authorization_header.h"
#include "expect/authorization_description.h"
#include "expect/httpsys_response.h"
#include "expect/proxy_failure.h"

namespace authreplay::expect {

namespace {

// An identity page ({"user": "HARNESS\\alice", ...}: iis-sim's .../whoami, or one deployed on a
// staging site) tells who the request authenticated as, without a W3C log.
std::optional<std::string> identityUser(const http::RecordedResponse& response) {
  const auto type = http::firstHeader(response.headers, "Content-Type");
  if (response.status != 200 || !type || type->find("json") == std::string::npos) {
    return std::nullopt;
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("user") || !body["user"].is_string())
    return std::nullopt;
  return body["user"].get<std::string>();
}

}  // namespace

LegObservation observe(http::Exchange exchange) {
  LegObservation leg;
  leg.authorization =
      describeAuthorization(http::firstHeader(exchange.request.headers, "Authorization"));
  leg.proxyAuthorization =
      describeAuthorization(http::firstHeader(exchange.request.headers, "Proxy-Authorization"));
  leg.viaProxy = !exchange.proxy.empty();
  for (const auto& value : http::headerValues(exchange.response.headers, "WWW-Authenticate")) {
    if (const auto challenge = auth::parseAuthorizationHeader(value)) {
      leg.offers.push_back(challenge->scheme);
    }
  }
  leg.contentLength = static_cast<std::int64_t>(exchange.request.body.size());
  if (const auto announced = http::firstHeader(exchange.request.headers, "Content-Length")) {
    std::int64_t value = 0;
    const auto [ptr, ec] =
        std::from_chars(announced->data(), announced->data() + announced->size(), value);
    if (ec == std::errc())
      leg.contentLength = value;
  }
  leg.httpVersion = exchange.httpVersion();
  leg.user = identityUser(exchange.response);
  leg.answeredByHttpSys = answeredByHttpSys(exchange.response);
  leg.exchange = std::move(exchange);
  return leg;
}

std::string statusLabel(const LegObservation& leg) {
  const int status = leg.exchange.response.status;
  if (status == 0 && !leg.exchange.response.streamReset.empty())
    return "reset " + leg.exchange.response.streamReset;
  if (status == 0)
    return "---";
  // HTTP.sys's own answers have no IIS substatus at all (their reason is in the HTTPERR log), nor
  // has a forward proxy's 407 (RFC 9110 §15.5.8: only a proxy sends it; it never reached IIS).
  if (status < 400 || !leg.substatusApplies || leg.answeredByHttpSys ||
      (status == 407 && leg.viaProxy) || proxyOwnFailure(leg))
    return std::to_string(status);
  return std::to_string(status) + "." + (leg.substatus ? std::to_string(*leg.substatus) : "?");
}

}  // namespace authreplay::expect
