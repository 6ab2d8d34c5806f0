// One leg, as it went over the wire: the request libcurl sent (headers and the body bytes actually
// sent), the response, the TCP connection it used, and its timings. libcurl's own NTLM and
// Negotiate make several legs inside one transfer; each is one Exchange.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::http {

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive lookups over a header list (HTTP field names are case-insensitive).
std::vector<std::string> headerValues(const std::vector<Header>& headers, std::string_view name);
std::optional<std::string> firstHeader(const std::vector<Header>& headers, std::string_view name);

struct RecordedRequest {
  std::string method;
  std::string target;  // request-target as sent: "/ActiveXTest/x.htm?a=b"
  std::string httpVersion;
  std::vector<Header> headers;
  std::string body;  // the bytes actually sent after the headers
};

struct RecordedResponse {
  int status = 0;  // 0: no response arrived for this leg
  std::string reason;
  std::string httpVersion;
  std::vector<Header> headers;
  std::string body;                  // decoded from chunked framing when the server used it
  std::vector<int> interimStatuses;  // 1xx responses before the final one (100 Continue)
  // The body as it came (before chunked decoding) was longer than TransferRequest::maxKeptBody:
  // BODY holds its start, and bodyBytesReceived counts all of it.
  bool bodyTruncated = false;
  std::uint64_t bodyBytesReceived = 0;
  // False when the connection ended before the blank line that closes the header block: libcurl
  // 7.88 reports such a transfer as a success, with the status line's status (issue 12).
  bool headersComplete = true;
  // The HTTP/2 error code the server reset this leg's stream with instead of answering
  // ("HTTP_1_1_REQUIRED": IIS for Windows authentication, "HTTP/2 on IIS"); empty when it was not
  // reset. A reset leg has no status.
  std::string streamReset;
};

struct ConnectionUse {
  long id = -1;         // libcurl's connection number ("#0"), unique within one Client
  bool opened = false;  // true: connected for this leg; false: an existing connection was reused
  int localPort = 0;    // the client's TCP port: the identity a packet capture or server log shows
  std::string remoteAddress;
  int remotePort = 0;
  // The DER certificate the TLS server presented on this connection (the leaf; empty over plain
  // HTTP): what a browser's channel binding is computed from (RFC 5929 tls-server-end-point).
  std::vector<std::uint8_t> peerCertificate;
  // The connection this leg would have reused was found closed (libcurl 7.88: "Connection #N seems
  // to be dead", "Connection died, retrying a fresh connect"): the server (or a middlebox) closed
  // it while it was idle, so this leg went on a new one.
  bool replacedDeadConnection = false;
};

struct LegTimings {
  // Negative: did not happen on this leg (a reused connection has no connect or TLS time).
  std::chrono::microseconds connect{-1};
  std::chrono::microseconds tls{-1};
  std::chrono::microseconds firstByte{-1};  // from the leg's start to the response's first byte
  std::chrono::microseconds total{0};
};

struct Exchange {
  std::string url;  // the effective URL of the transfer
  // The forward proxy this leg went through ("http://127.0.0.1:3128"); empty when it went direct
  // (no proxy, or the proxy was bypassed).
  std::string proxy;
  RecordedRequest request;
  RecordedResponse response;
  ConnectionUse connection;
  LegTimings timings;
  // Wall-clock time the leg started (its connect when it opened one, else its request going out):
  // LegTimings are steady-clock durations, a HAR entry's startedDateTime is a date.
  std::chrono::system_clock::time_point started{};
  // Bytes of the request's header block and of the final response's (status line to the blank
  // line, as they crossed the wire): HAR's headersSize.
  std::size_t requestHeaderBytes = 0;
  std::size_t responseHeaderBytes = 0;

  // The protocol the leg spoke ("HTTP/2", "HTTP/1.1"): the response's, else the request's (a leg
  // whose HTTP/2 stream was reset has no response).
  const std::string& httpVersion() const {
    return response.status != 0 ? response.httpVersion : request.httpVersion;
  }
};

}  // namespace authreplay::http
