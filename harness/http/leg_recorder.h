// Turns libcurl's debug stream (CURLOPT_DEBUGFUNCTION) into one Exchange per leg. libcurl 7.88 has
// no CURLINFO_CONN_ID, so connections are told apart by the "Connected to ... (#N)" and "Re-using
// existing connection #N" info texts and by the prereq callback's local port (IIS-FACTS.md §8).
// Knows no libcurl types, so unit tests feed it recorded streams.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.h"

namespace authreplay::http {

class LegRecorder {
 public:
  using Clock = std::chrono::steady_clock;

  // Response bodies are kept up to MAX_KEPT_BODY bytes per leg; the rest is only counted.
  explicit LegRecorder(std::size_t maxKeptBody = 1024 * 1024) : maxKeptBody_(maxKeptBody) {}

  void onText(std::string_view text, Clock::time_point at);        // CURLINFO_TEXT
  void onHeaderOut(std::string_view block, Clock::time_point at);  // a whole request header block
  void onDataOut(std::string_view bytes);                          // request body bytes
  void onHeaderIn(std::string_view line, Clock::time_point at);    // one response header line
  void onDataIn(std::string_view bytes, Clock::time_point at);     // response body bytes (raw)
  // CURLOPT_PREREQFUNCTION: the connection the next request goes out on, and the DER certificate
  // its TLS server presented (empty over plain HTTP).
  void onPrerequest(std::string remoteAddress, int remotePort, int localPort,
                    std::vector<std::uint8_t> peerCertificate = {});

  // Closes the last leg and returns every leg recorded since the last call.
  std::vector<Exchange> finish(const std::string& url, Clock::time_point at);

  // Bytes seen so far: request header blocks and bodies; response header lines and raw bodies.
  std::size_t bytesOut() const { return bytesOut_; }
  std::size_t bytesIn() const { return bytesIn_; }
  // An HTTP/2 stream of this transfer was reset by the server, and with which error code
  // ("HTTP_1_1_REQUIRED"); libcurl may already be retrying the request.
  bool streamResetSeen() const { return !lastStreamReset_.empty(); }
  const std::string& lastStreamReset() const { return lastStreamReset_; }

 private:
  struct PendingConnection {
    std::optional<long> id;
    bool opened = false;
    std::optional<Clock::time_point> connectStart;
    std::optional<Clock::time_point> connected;
    std::optional<Clock::time_point> tlsDone;
    std::string remoteAddress;
    int remotePort = 0;
    int localPort = 0;
    std::vector<std::uint8_t> peerCertificate;
    bool deadConnectionSeen = false;
  };
  struct Leg {
    Exchange exchange;
    Clock::time_point start;
    bool inHeaders = false;  // between a status line and its blank line
    bool chunked = false;
    std::string rawBody;
  };

  void closeLeg(Clock::time_point at);
  // TRUNCATED: RAW is only the start of the body, so its last chunk may be cut short.
  static std::string dechunk(const std::string& raw, bool truncated);

  // One instant on both clocks, taken when the recorder is made (one per transfer), to give each
  // leg's steady-clock start its wall-clock time (Exchange::started).
  Clock::time_point steadyAnchor_ = Clock::now();
  std::chrono::system_clock::time_point wallAnchor_ = std::chrono::system_clock::now();
  PendingConnection pending_;
  std::optional<Leg> current_;
  std::vector<Exchange> done_;
  std::string lastStreamReset_;
  long lastConnectionId_ = -1;
  int lastLocalPort_ = 0;
  std::size_t maxKeptBody_;
  std::size_t bytesOut_ = 0;
  std::size_t bytesIn_ = 0;
};

}  // namespace authreplay::http
