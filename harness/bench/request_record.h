// One run of the bench's scenario as the bench saw it (for the shorthand: one authenticated
// request): its legs, how long the whole run and each leg took, its bytes, and, when it failed,
// the kind of failure.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/transfer.h"

namespace authreplay::bench {

struct LegRecord {
  // "<what was sent> -> <status>": "none -> 401", "NTLM/1 -> 401", "NTLM/3 -> 200" (a leg label,
  // or "none" without Authorization, as the runner's leg table and a scenario's "sent" spell it);
  // prefixed "<step>: " when the scenario has several steps. The console, the JSON, the HTML
  // report and `bench compare` all name legs so.
  std::string name;
  std::int64_t micros = 0;
};

struct RequestRecord {
  // The run counts: it completed, and (shorthand) ended in a 2xx.
  bool authenticated = false;
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
  int lastStatus = 0;
  // Some leg of the run got an HTTP response: the server was there, whatever it answered.
  bool answered = false;
  std::string lastErrorBody;  // the last leg's body when it was an error (its substatus)

  // Starts the clock of a new run.
  void begin(std::chrono::steady_clock::time_point now) {
    *this = RequestRecord{};
    started = now;
  }
  // The part of micros spent in neither leg: the client's work between and before its legs
  // (token production, GSSAPI credential acquisition).
  std::int64_t clientMicros() const;
  // Appends RESULT's legs (each leg's time is the recorder's: from its request to the next one, or
  // to the transfer's end), so connect time falls into the leg that opened the connection and the
  // client's work between transfers (token production) into the run but no leg. STEP: the step's
  // name for the leg names, "" for none.
  void addTransfer(const http::TransferResult& result, const std::string& step);
  // The run is over. REQUIRE_SUCCESS (the shorthand): it counts only when its last leg was a 2xx
  // (errorKind "401.1" from an IIS detailed error page otherwise); else every completed run counts
  // and the scenario's expectations judge it.
  void finish(bool requireSuccess);
  void fail(std::string kind) {
    authenticated = false;
    errorKind = std::move(kind);
  }
};

// "401.2" from a detailed error page, else "401".
std::string statusKind(int status, const std::string& body);

}  // namespace authreplay::bench
