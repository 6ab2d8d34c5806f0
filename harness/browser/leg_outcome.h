// What a browser profile learns from a leg it sent: the response's status and headers, a prefix of
// its body, which connection carried it and whether that was TLS. A profile decides its next leg
// from this alone (profile.h), so the same profile runs under the runner's blocking driver and the
// benchmark's multi-handle driver, and under a scripted one in unit tests.
#pragma once

#include <cstdint>
#include <span>
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
  // The protocol of the leg's response ("HTTP/2", "HTTP/1.1"), else of its request.
  std::string httpVersion;
  // A leg of this transfer had its HTTP/2 stream reset by the server with this error code
  // ("HTTP_1_1_REQUIRED"); libcurl may have sent it again on HTTP/1.1, and this is the retry.
  std::string streamReset;

  static constexpr std::size_t kBodyPrefix = 4096;
};

// The outcome of a transfer whose legs are LEGS (not empty): its last leg, and a stream reset of
// any of them.
LegOutcome outcomeOf(std::span<const http::Exchange> legs);

}  // namespace authreplay::browser
