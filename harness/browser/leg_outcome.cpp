#include "browser/leg_outcome.h"

#include "text/ascii.h"

namespace authreplay::browser {

LegOutcome outcomeOf(const http::Exchange& exchange) {
  LegOutcome out;
  out.status = exchange.response.status;
  out.headers = exchange.response.headers;
  out.bodyPrefix = exchange.response.body.substr(0, LegOutcome::kBodyPrefix);
  out.connection = exchange.connection.id;
  out.opened = exchange.connection.opened;
  out.tls = text::startsWithIgnoreCase(exchange.url, "https://");
  out.proxy = exchange.proxy;
  if (out.tls)
    out.serverCertificate = exchange.connection.peerCertificate;
  return out;
}

}  // namespace authreplay::browser
