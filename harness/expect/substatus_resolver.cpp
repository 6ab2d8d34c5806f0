#include "expect/substatus_resolver.h"

#include <algorithm>
#include <thread>

#include "expect/error_page.h"

namespace authreplay::expect {

namespace {

using scenario::SubstatusSource;
using Clock = std::chrono::steady_clock;

std::string requestKey(const std::string& method, const std::string& stem) {
  return method + " " + stem;
}

}  // namespace

SubstatusResolver::SubstatusResolver(scenario::SubstatusSettings settings, LogFetch fetch)
    : settings_(std::move(settings)) {
  if (usesLog()) {
    log_ = fetch ? std::make_unique<W3cLogReader>(
                       makeCommandLogSource(std::move(fetch), "the output of fetchCommand"))
                 : std::make_unique<W3cLogReader>(settings_.w3cLog.directory);
    if (settings_.w3cLog.marker)
      markerParameter_ = settings_.w3cLog.markerParameter;
  }
}

SubstatusResolver::~SubstatusResolver() = default;

bool SubstatusResolver::usesLog() const {
  return settings_.source == SubstatusSource::kW3cLog || settings_.source == SubstatusSource::kBoth;
}

const std::string& SubstatusResolver::markerParameter() const {
  return markerParameter_;
}

void SubstatusResolver::start() {
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
  if (!usesLog())
    return std::nullopt;
  // Only legs that got a response from the server can have a log line.
  LogQuery query{marker, method, stem, 0};
  for (const auto& leg : legs)
    query.lines += leg.exchange.response.status != 0 && !answeredByProxy(leg) ? 1 : 0;
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
  if (!log_)
    return;
  std::size_t total = 0;
  std::map<std::string, std::size_t> needed;  // without markers: lines wanted per request
  for (const auto& query : queries) {
    total += query.lines;
    if (query.marker.empty())
      needed[requestKey(query.method, query.stem)] += query.lines;
  }
  const auto started = Clock::now();
  const auto deadline = started + settings_.w3cLog.timeout;
  if (options.flush && total > 0)
    flushError_ = options.flush();
  const auto interval = std::max(options.pollInterval, log_->source().pollInterval());
  for (;;) {
    refreshLog();
    std::size_t found = 0;
    for (const auto& query : queries) {
      if (!query.marker.empty())
        found += linesFound(query);
    }
    for (const auto& [key, count] : needed) {
      const auto it = byRequest_.find(key);
      found += it == byRequest_.end() ? 0 : std::min(it->second.size(), count);
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
