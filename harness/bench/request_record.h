// One authenticated request as the bench saw it: its legs (one per HTTP response), how long the
// whole request and each leg took, its bytes, and, when it failed, the kind of failure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/multi_driver.h"

namespace authreplay::bench {

struct LegRecord {
  std::string name;  // "NTLM/1 -> 401": what went out (a leg label, or "libcurl") and the status
  std::int64_t micros = 0;
};

struct RequestRecord {
  bool authenticated = false;  // ended in a 2xx
  // Why not: "401.1", "500.0", "transport: Couldn't connect to server", "client: gss_init_...".
  // A small, bounded set of values: never a URL, port or token.
  std::string errorKind;
  // From begin() (before the client made its first token) to the last transfer's end: what a user
  // waits for, the client's own token production included.
  std::int64_t micros = 0;
  std::vector<LegRecord> legs;
  std::size_t bytesSent = 0;
  std::size_t bytesReceived = 0;
  std::chrono::steady_clock::time_point started;
  bool open = false;  // a transfer has been added

  // Starts the clock of a new request.
  void begin(std::chrono::steady_clock::time_point now) {
    open = true;
    started = now;
  }
  // The part of micros spent in neither leg: the client's work between and before its legs
  // (token production, GSSAPI credential acquisition).
  std::int64_t clientMicros() const;
  // Appends OUTCOME's legs. Leg i lasts from the end of leg i-1's response headers (or the
  // transfer's start) to the end of its own headers; the last one to the transfer's end. So the
  // legs add up to the transfer, connect time falls into the leg that opened the connection, and
  // client work between transfers (token production) into the request but no leg.
  // SENT names what each leg carried; "" for legs libcurl decided itself.
  void addTransfer(const http::MultiOutcome& outcome, const std::string& sent);
  // Sets errorKind from the outcome's transport error or final status (substatus from an IIS
  // detailed error page), and authenticated when it ended in a 2xx.
  void finish(const http::MultiOutcome& last);
  void fail(std::string kind) {
    authenticated = false;
    errorKind = std::move(kind);
  }
};

// "401.2" from a detailed error page, else "401".
std::string statusKind(int status, const std::string& body);

}  // namespace authreplay::bench
