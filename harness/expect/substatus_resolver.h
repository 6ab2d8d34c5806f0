// Fills in each leg's IIS substatus, win32 status and user from where the target says they can be
// read (IIS-FACTS.md §1: never on the wire): the detailed error page, the W3C log, or both (which
// must then agree).
//
// The log is read once per run, not once per step (deferred correlation): HTTP.sys buffers the
// W3C log and writes it about once a minute (IIS-FACTS.md §4), so waiting for it after every step
// made a 32-scenario library against a staging IIS take half an hour. The runner sends every step
// at full speed, taking what the response itself shows (fromResponse) and a LogQuery for later;
// once everything is sent it waits for the log once (awaitLog: at most one timeout for the whole
// run) and only then settles each step (fromLog) and judges it.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "expect/httperr_correlation.h"
#include "expect/leg_observation.h"
#include "expect/w3c_log.h"
#include "scenario/target.h"

namespace authreplay::expect {

// One step's claim on W3C log lines, taken when its transfer finished.
struct LogQuery {
  std::string marker;  // the value the step's URL carried; "" when markers are off
  std::string method;  // without a marker: the lines are found by method, stem and order
  std::string stem;
  std::size_t lines = 0;  // legs that reached IIS: how many lines the step has in the log
  // Legs HTTP.sys answered itself (never in the W3C log), when the target reads the HTTPERR log.
  std::vector<HttpErrLeg> httpErrLegs;
};

// What the log wait reports while it waits, e.g. for a progress line on a terminal.
struct LogWaitStatus {
  std::size_t legsWaiting = 0;  // legs whose log line has not appeared yet
  std::size_t legsTotal = 0;
  std::chrono::milliseconds left{0};  // until the wait gives up
};

struct LogWaitOptions {
  // Run once before the log is first read (the target's w3cLog.flushCommand, e.g. `netsh http
  // flush logbuffer` over ssh); returns an error text when it failed. Empty: nothing to run.
  std::function<std::optional<std::string>()> flush;
  std::function<void(const LogWaitStatus&)> progress;  // called about every poll
  std::chrono::milliseconds pollInterval{200};
};

class SubstatusResolver {
 public:
  // FETCH, when given, reads the log instead of settings.w3cLog.directory (the target's
  // w3cLog.fetchCommand; run/log_commands.h makes it).
  // HTTPERRFETCHES, one per settings.httpErrLog.fetchCommands entry, read those logs the same way.
  explicit SubstatusResolver(scenario::SubstatusSettings settings, LogFetch fetch = {},
                             std::vector<LogFetch> httpErrFetches = {});
  ~SubstatusResolver();

  // Whether substatus comes from the W3C log (substatus.source w3cLog or both).
  bool usesLog() const;
  // With a log (W3C or HTTPERR) and marker on: the query parameter the runner adds to each request
  // so that its log lines are found exactly ("" when the log is not used or markers are off).
  const std::string& markerParameter() const;

  // Call before the run's first transfer: where the log stands, so that lines an earlier run left
  // are never taken for this run's (matters without markers only).
  void start();

  // Right after a step's transfer: fills in what the responses themselves show (the detailed error
  // page; 1xx-3xx have substatus 0) and, when the target reads the log, returns the step's query
  // for fromLog. MARKER is the value the transfer's URL carried (empty without one); METHOD and
  // STEM identify its lines when there is no marker.
  std::optional<LogQuery> fromResponse(std::vector<LegObservation>& legs, const std::string& marker,
                                       const std::string& method, const std::string& stem) const;

  // Once everything is sent: runs the flush command, then reads the W3C and HTTPERR logs until
  // every query's lines are there or the longer of the target's w3cLog.timeoutMs and
  // httpErrLog.timeoutMs (of the logs it reads) has passed, for all queries together.
  void awaitLog(const std::vector<LogQuery>& queries, const LogWaitOptions& options = {});

  // After awaitLog: fills a step's legs from its log lines. Call in the order the steps were sent
  // (without markers, lines are handed out in log order).
  void fromLog(std::vector<LegObservation>& legs, const LogQuery& query);

  // fromResponse, awaitLog and fromLog for one step on its own (the benchmark, tests).
  void resolve(std::vector<LegObservation>& legs, const std::string& marker,
               const std::string& method, const std::string& stem);

  // The flush command's error, when it failed (reported beside the legs it left without lines).
  const std::optional<std::string>& flushError() const { return flushError_; }

 private:
  static void markNotIis(std::vector<LegObservation>& legs);
  void fromErrorPage(LegObservation& leg) const;
  void indexNewEntries();
  void refreshLog();
  std::size_t linesFound(const LogQuery& query) const;
  std::vector<const W3cLogEntry*> takeLines(const LogQuery& query);
  std::string missingLineNote() const;

  scenario::SubstatusSettings settings_;
  std::unique_ptr<W3cLogReader> log_;
  std::unique_ptr<HttpErrCorrelator> httpErr_;
  std::string markerParameter_;
  std::size_t runStart_ = 0;    // entries before this index belong to earlier runs
  std::size_t indexed_ = 0;     // entries already in the indexes below
  std::size_t generation_ = 0;  // the log's generation the indexes were built from
  // marker value -> indexes of its lines, in log order
  std::unordered_map<std::string, std::vector<std::size_t>> byMarker_;
  // "METHOD stem" -> indexes of its lines since runStart_, in log order, and how many are taken
  std::map<std::string, std::vector<std::size_t>> byRequest_;
  std::map<std::string, std::size_t> taken_;
  std::chrono::milliseconds waited_{0};
  std::optional<std::string> flushError_;
};

}  // namespace authreplay::expect
