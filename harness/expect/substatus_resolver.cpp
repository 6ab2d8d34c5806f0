#include "expect/substatus_resolver.h"

#include <algorithm>
#include <charconv>
#include <thread>
#include <utility>

#include "expect/error_page.h"

namespace authreplay::expect {

namespace {

using scenario::SubstatusSource;
using Clock = std::chrono::steady_clock;

std::string requestKey(const std::string& method, const std::string& stem) {
  return method + " " + stem;
}

}  // namespace

SubstatusResolver::SubstatusResolver(scenario::SubstatusSettings settings, LogFetch fetch,
                                     std::vector<LogFetch> httpErrFetches)
    : settings_(std::move(settings)) {
  if (usesLog()) {
    log_ = fetch ? std::make_unique<W3cLogReader>(
                       makeCommandLogSource(std::move(fetch), "the output of fetchCommand"))
                 : std::make_unique<W3cLogReader>(settings_.w3cLog.directory);
  }
  if (settings_.httpErrLog.enabled() && settings_.source != SubstatusSource::kNone)
    httpErr_ = std::make_unique<HttpErrCorrelator>(settings_.httpErrLog, std::move(httpErrFetches));
  // The marker finds a step's lines in either log (HTTP.sys logs the query in cs-uri too).
  if ((log_ || httpErr_) && settings_.w3cLog.marker)
    markerParameter_ = settings_.w3cLog.markerParameter;
}

SubstatusResolver::~SubstatusResolver() = default;

bool SubstatusResolver::usesLog() const {
  return settings_.source == SubstatusSource::kW3cLog || settings_.source == SubstatusSource::kBoth;
}

const std::string& SubstatusResolver::markerParameter() const {
  return markerParameter_;
}

void SubstatusResolver::start() {
  if (httpErr_)
    httpErr_->start();
  if (!log_)
    return;
  log_->refresh();
  generation_ = log_->generation();
  runStart_ = log_->entries().size();
  indexed_ = runStart_;
}

void SubstatusResolver::refreshLog() {
  log_->refresh();
  if (log_->generation() != generation_) {
    // The fetch command's output no longer extends what it printed before: the log was read anew
    // and every index is rebuilt. Marked lines are still this run's alone (the marker carries the
    // run's tag); without markers, lines from before the run can no longer be told apart.
    generation_ = log_->generation();
    byMarker_.clear();
    byRequest_.clear();
    taken_.clear();
    runStart_ = 0;
    indexed_ = 0;
  }
  indexNewEntries();
}

void SubstatusResolver::fromErrorPage(LegObservation& leg) const {
  const auto& response = leg.exchange.response;
  if (const auto page = parseDetailedErrorPage(response.body);
      page && page->status == response.status) {
    leg.substatus = page->substatus;
    leg.win32Status = page->win32Status;
    leg.substatusSource = "error page";
    if (!page->win32Status)
      leg.substatusNote = "the error page shows no Error Code row";
    return;
  }
  if (response.status >= 100 && response.status < 400) {
    // IIS reports no error page for success; it logs these with substatus 0.
    leg.substatus = 0;
    leg.substatusSource = "status";
    return;
  }
  leg.substatusNote =
      "the response is not IIS's detailed error page (errorMode Custom, or a remote client under "
      "DetailedLocalOnly): read the substatus from the W3C log instead (target substatus.source)";
}

namespace {

// A leg the forward proxy answered itself (407 Proxy Authentication Required, RFC 9110 §15.5.8)
// never reached IIS, so it has no W3C log line.
bool answeredByProxy(const LegObservation& leg) {
  return leg.exchange.response.status == 407;
}

// Whether IIS itself answered the leg and so wrote a W3C line for it.
bool reachedIis(const LegObservation& leg) {
  return leg.exchange.response.status != 0 && !answeredByProxy(leg) && !leg.answeredByHttpSys;
}

constexpr const char* kHttpSysNote =
    "HTTP.sys answered this request itself (Server: Microsoft-HTTPAPI/2.0): it never reached IIS, "
    "so it has no substatus and no W3C log line; the HTTPERR log says why (httpErrReason)";

}  // namespace

std::optional<LogQuery> SubstatusResolver::fromResponse(std::vector<LegObservation>& legs,
                                                        const std::string& marker,
                                                        const std::string& method,
                                                        const std::string& stem) const {
  if (settings_.source == SubstatusSource::kNone) {
    markNotIis(legs);
    return std::nullopt;
  }
  if (settings_.source == SubstatusSource::kErrorPage ||
      settings_.source == SubstatusSource::kBoth) {
    for (auto& leg : legs)
      fromErrorPage(leg);
  }
  LogQuery query{marker, method, stem, 0, {}};
  for (std::size_t i = 0; i < legs.size(); ++i) {
    auto& leg = legs[i];
    if (!leg.answeredByHttpSys) {
      leg.httpErrNote = httpErr_ ? "IIS answered this leg, not HTTP.sys: it has no HTTPERR line"
                                 : "the target reads no HTTPERR log (substatus.httpErrLog)";
      continue;
    }
    leg.substatusNote = kHttpSysNote;
    if (!httpErr_) {
      leg.httpErrNote =
          "the target reads no HTTPERR log: set substatus.httpErrLog.directory to HTTP.sys's "
          "HTTPERR folder (%SystemRoot%\\System32\\LogFiles\\HTTPERR)";
      continue;
    }
    const auto& connection = leg.exchange.connection;
    query.httpErrLegs.push_back({i,
                                 {markerParameter_, marker, connection.localPort,
                                  connection.remotePort, leg.viaProxy, stem}});
  }
  // Only legs that IIS answered can have a W3C log line.
  if (usesLog()) {
    for (const auto& leg : legs)
      query.lines += reachedIis(leg) ? 1 : 0;
  }
  if (!usesLog() && query.httpErrLegs.empty())
    return std::nullopt;
  return query;
}

void SubstatusResolver::indexNewEntries() {
  const auto& entries = log_->entries();
  for (; indexed_ < entries.size(); ++indexed_) {
    const auto& entry = entries[indexed_];
    if (!markerParameter_.empty()) {
      if (const auto value = queryParameter(entry.uriQuery, markerParameter_);
          value && !value->empty())
        byMarker_[std::string(*value)].push_back(indexed_);
    } else {
      byRequest_[requestKey(entry.method, entry.uriStem)].push_back(indexed_);
    }
  }
}

std::size_t SubstatusResolver::linesFound(const LogQuery& query) const {
  const auto it = byMarker_.find(query.marker);
  return it == byMarker_.end() ? 0 : std::min(it->second.size(), query.lines);
}

void SubstatusResolver::awaitLog(const std::vector<LogQuery>& queries,
                                 const LogWaitOptions& options) {
  if (!log_ && !httpErr_)
    return;
  std::size_t total = 0;
  std::map<std::string, std::size_t> needed;  // without markers: lines wanted per request
  std::vector<const std::vector<HttpErrLeg>*> httpErrLegs;
  for (const auto& query : queries) {
    total += query.lines + query.httpErrLegs.size();
    if (query.marker.empty())
      needed[requestKey(query.method, query.stem)] += query.lines;
    if (!query.httpErrLegs.empty())
      httpErrLegs.push_back(&query.httpErrLegs);
  }
  const auto started = Clock::now();
  const auto timeout = std::max(log_ ? settings_.w3cLog.timeout : std::chrono::milliseconds(0),
                                httpErr_ ? httpErr_->timeout() : std::chrono::milliseconds(0));
  const auto deadline = started + timeout;
  if (options.flush && total > 0)
    flushError_ = options.flush();
  const auto interval = std::max(
      options.pollInterval, log_ ? log_->source().pollInterval() : std::chrono::milliseconds(0));
  for (;;) {
    std::size_t found = 0;
    if (log_) {
      refreshLog();
      for (const auto& query : queries) {
        if (!query.marker.empty())
          found += linesFound(query);
      }
      for (const auto& [key, count] : needed) {
        const auto it = byRequest_.find(key);
        found += it == byRequest_.end() ? 0 : std::min(it->second.size(), count);
      }
    }
    if (httpErr_ && !httpErrLegs.empty()) {
      httpErr_->refresh();
      found += httpErr_->found(httpErrLegs);
    }
    const auto now = Clock::now();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (options.progress)
      options.progress({total - found, total, std::max(left, std::chrono::milliseconds(0))});
    if (found >= total || now >= deadline)
      break;
    std::this_thread::sleep_for(std::min(interval, left));
  }
  waited_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
}

std::vector<const W3cLogEntry*> SubstatusResolver::takeLines(const LogQuery& query) {
  std::vector<const W3cLogEntry*> lines;
  const auto& entries = log_->entries();
  if (!query.marker.empty()) {
    if (const auto it = byMarker_.find(query.marker); it != byMarker_.end()) {
      for (const auto index : it->second)
        lines.push_back(&entries[index]);
    }
    // The step's legs in the order they were sent: by the transfer number the runner puts next to
    // the marker (run/step_driver.h). Log order alone is not that order when the legs reached
    // several servers (a balancer without affinity: each server's lines in its own file, or in
    // its own buffer until HTTP.sys flushes it); lines without the number keep their log order.
    // Each line's number is read once, not at every comparison.
    const std::string transfer = transferParameter(markerParameter_);
    std::vector<std::pair<long, const W3cLogEntry*>> numbered;
    numbered.reserve(lines.size());
    for (const auto* entry : lines) {
      long number = 0;
      if (const auto value = queryParameter(entry->uriQuery, transfer))
        std::from_chars(value->data(), value->data() + value->size(), number);
      numbered.emplace_back(number, entry);
    }
    std::stable_sort(numbered.begin(), numbered.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < numbered.size(); ++i)
      lines[i] = numbered[i].second;
    return lines;
  }
  const auto key = requestKey(query.method, query.stem);
  const auto it = byRequest_.find(key);
  if (it == byRequest_.end())
    return lines;
  auto& taken = taken_[key];
  for (; taken < it->second.size() && lines.size() < query.lines; ++taken)
    lines.push_back(&entries[it->second[taken]]);
  return lines;
}

std::string SubstatusResolver::missingLineNote() const {
  const auto& log = settings_.w3cLog;
  std::string note = "no W3C log line for this request in " + log_->source().where() +
                     " after waiting " + std::to_string(waited_.count()) +
                     " ms for the run's lines (timeoutMs " + std::to_string(log.timeout.count()) +
                     "; HTTP.sys errors go to the HTTPERR log; IIS may not have flushed)";
  if (flushError_)
    note += "; the flush command failed: " + *flushError_;
  if (log_->readError())
    note += "; reading the log failed: " + *log_->readError();
  return note;
}

void SubstatusResolver::fromLog(std::vector<LegObservation>& legs, const LogQuery& query) {
  if (httpErr_ && !query.httpErrLegs.empty())
    httpErr_->fill(legs, query.httpErrLegs, waited_);
  if (!log_)
    return;
  const auto lines = takeLines(query);
  const bool both = settings_.source == SubstatusSource::kBoth;
  std::size_t next = 0;
  for (auto& leg : legs) {
    if (leg.exchange.response.status == 0)
      continue;
    if (answeredByProxy(leg)) {
      leg.substatusNote = "the proxy answered 407 itself: the request never reached IIS";
      continue;
    }
    if (leg.answeredByHttpSys)
      continue;  // kHttpSysNote says why it has no line
    if (next >= lines.size()) {
      if (!leg.substatus || !both) {
        leg.substatus.reset();
        leg.win32Status.reset();
      }
      leg.substatusNote = missingLineNote();
      continue;
    }
    const auto& line = *lines[next++];
    leg.user = line.username;
    if (line.status != leg.exchange.response.status) {
      leg.substatusNote = "the W3C log line found has status " + std::to_string(line.status) +
                          ", the response " + std::to_string(leg.exchange.response.status);
    }
    if (both && leg.substatusSource == "error page") {
      const bool agree = leg.substatus == line.substatus &&
                         (!leg.win32Status || leg.win32Status == line.win32Status);
      if (!agree) {
        leg.substatusNote = "the error page says " + std::to_string(leg.substatus.value_or(-1)) +
                            " / " + std::to_string(leg.win32Status.value_or(0)) + ", the W3C log " +
                            std::to_string(line.substatus.value_or(-1)) + " / " +
                            std::to_string(line.win32Status.value_or(0));
        leg.substatus.reset();
        leg.win32Status.reset();
        leg.substatusSource = "sources disagree";
        continue;
      }
      leg.substatusSource = "error page + W3C log";
      leg.win32Status = line.win32Status;
      continue;
    }
    leg.substatus = line.substatus;
    leg.win32Status = line.win32Status;
    leg.substatusSource = "W3C log";
    leg.substatusNote.clear();
  }
}

// A target without a substatus source is not IIS (or not read as IIS): its legs have a status and
// nothing more, so none of IIS's advice (error page, W3C log) applies to them.
void SubstatusResolver::markNotIis(std::vector<LegObservation>& legs) {
  for (auto& leg : legs) {
    leg.substatusApplies = false;
    leg.substatusSource = "none";
    leg.substatusNote = "the target names no substatus source (substatus.source is \"none\")";
  }
}

void SubstatusResolver::resolve(std::vector<LegObservation>& legs, const std::string& marker,
                                const std::string& method, const std::string& stem) {
  const auto query = fromResponse(legs, marker, method, stem);
  if (!query)
    return;
  awaitLog({*query});
  fromLog(legs, *query);
}

}  // namespace authreplay::expect
