// A blocking TCP connection to 127.0.0.1 for requests libcurl will not send (malformed request
// lines, oversized headers, hand-made chunked bodies). Loopback only.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace iissim::testing {

class RawConnection {
 public:
  // Connects to 127.0.0.1:PORT; throws std::runtime_error on failure.
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes);
  // Reads until the peer closes or TIMEOUT passes; *closed tells which.
  std::string readUntilClose(std::chrono::milliseconds timeout, bool* closed);
  // Reads one response (its head, then Content-Length bytes of body) or until the peer closes or
  // TIMEOUT passes, whichever comes first: what a keep-alive client reads before its next request.
  std::string readResponse(std::chrono::milliseconds timeout);
  // This end's port: what the server logs as c-port.
  std::uint16_t localPort() const;
  // Resets the connection (RST, SO_LINGER 0): a client that goes away mid-request.
  void abort();

 private:
  int fd_ = -1;
};

// The status code of the response RESPONSE starts with ("HTTP/1.1 401 ..." gives 401), 0 when it
// does not start with a status line.
int statusOf(const std::string& response);
// The port of "http://host:PORT" (throws when there is none).
std::uint16_t portOf(const std::string& url);
// "host:PORT" of a URL, for a Host header.
std::string authorityOf(const std::string& url);

}  // namespace iissim::testing
