// What a browser profile learns from a leg it sent: the response's status and headers, a prefix of
// its body, which connection carried it and whether that was TLS. A profile decides its next leg
// from this alone (profile.h), so the same profile runs under the runner's blocking driver and the
// benchmark's multi-handle driver, and under a scripted one in unit tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/exchange.h"

namespace authreplay::browser {

struct LegOutcome {
  int status = 0;  // 0: no response arrived
  std::vector<http::Header> headers;
  std::string bodyPrefix;  // at most kBodyPrefix bytes
  long connection = -1;    // the connection's identity within the driver's client
  bool opened = false;     // the leg opened that connection
  bool tls = false;        // the leg went over TLS (https, or a CONNECT tunnel to https)
  std::string proxy;       // the forward proxy it went through; "" direct
  // The DER certificate the TLS server presented on that connection (empty over plain HTTP): the
  // source of the channel binding the browser's next tokens on it carry.
  std::vector<std::uint8_t> serverCertificate;

  static constexpr std::size_t kBodyPrefix = 4096;
};

// The outcome of EXCHANGE, the last leg of a transfer.
LegOutcome outcomeOf(const http::Exchange& exchange);

}  // namespace authreplay::browser
