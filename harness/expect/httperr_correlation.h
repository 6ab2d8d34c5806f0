// Gives each leg HTTP.sys answered itself the s-reason of its HTTPERR line (IIS-FACTS.md §10): the
// HTTPERR half of the runner's one log wait (substatus_resolver.h). A leg is found by the marker
// its URL carried and its connection's client port (expect/httperr_log.h findHttpErrLine); lines
// are handed out once, in the order the legs were sent. Several folders (one per server behind the
// target's origins) are searched in the order the target lists them.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "expect/httperr_log.h"
#include "expect/leg_observation.h"
#include "scenario/target.h"

namespace authreplay::expect {

// One leg of a step that waits for its HTTPERR line.
struct HttpErrLeg {
  std::size_t leg = 0;  // index in the step's legs
  HttpErrLegKey key;
};

class HttpErrCorrelator {
 public:
  // FETCHES: one per settings.fetchCommands entry, in order (run/log_commands.h makes them).
  HttpErrCorrelator(scenario::HttpErrLogSettings settings, std::vector<LogFetch> fetches);
  ~HttpErrCorrelator();

  std::chrono::milliseconds timeout() const { return settings_.timeout; }

  // Before the run's first transfer: lines already in the log belong to earlier runs.
  void start();
  // Reads what was appended since the last call.
  void refresh();
  // Where the lines are read, for notes: the folders and commands, comma-separated.
  std::string where() const;
  // How many of LEGS would find their line now (nothing is taken).
  std::size_t found(const std::vector<const std::vector<HttpErrLeg>*>& legs) const;
  // Fills httpErrReason (or httpErrNote) of each of LEGS in STEPLEGS, taking their lines. WAITED:
  // how long the run waited, for the note of a leg whose line never came.
  void fill(std::vector<LegObservation>& stepLegs, const std::vector<HttpErrLeg>& legs,
            std::chrono::milliseconds waited);

 private:
  // One server's log and what of it this run may take.
  struct Log {
    std::unique_ptr<HttpErrLogReader> reader;
    std::size_t runStart = 0;    // entries before this index belong to earlier runs
    std::size_t generation = 0;  // the reader's generation runStart and taken refer to
    std::vector<bool> taken;     // by entry index
  };
  // The first log with a line for KEY not in TAKEN (one vector per log): (log, entry).
  static std::optional<std::pair<std::size_t, std::size_t>> find(
      const std::vector<Log>& logs, const std::vector<std::vector<bool>>& taken,
      const HttpErrLegKey& key);

  scenario::HttpErrLogSettings settings_;
  std::vector<Log> logs_;
};

}  // namespace authreplay::expect
