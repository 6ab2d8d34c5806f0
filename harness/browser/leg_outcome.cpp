#include "browser/leg_outcome.h"

#include "text/ascii.h"

namespace authreplay::browser {

LegOutcome outcomeOf(std::span<const http::Exchange> legs) {
  LegOutcome out;
  if (legs.empty())
    return out;
  const auto& exchange = legs.back();
  out.status = exchange.response.status;
  out.headers = exchange.response.headers;
  out.bodyPrefix = exchange.response.body.substr(0, LegOutcome::kBodyPrefix);
  out.connection = exchange.connection.id;
  out.opened = exchange.connection.opened;
  out.tls = text::startsWithIgnoreCase(exchange.url, "https://");
  out.proxy = exchange.proxy;
  if (out.tls)
    out.serverCertificate = exchange.connection.peerCertificate;
  out.httpVersion = exchange.httpVersion();
  for (const auto& leg : legs) {
    if (!leg.response.streamReset.empty())
      out.streamReset = leg.response.streamReset;
  }
  return out;
}

}  // namespace authreplay::browser
