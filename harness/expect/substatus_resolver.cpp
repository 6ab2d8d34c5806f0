#include "expect/substatus_resolver.h"

#include "expect/error_page.h"

namespace authreplay::expect {

namespace {

using scenario::SubstatusSource;

struct Reading {
  std::optional<int> substatus;
  std::optional<std::uint32_t> win32Status;
};

}  // namespace

SubstatusResolver::SubstatusResolver(scenario::SubstatusSettings settings)
    : settings_(std::move(settings)) {
  if (usesLog()) {
    log_ = std::make_unique<W3cLogReader>(settings_.w3cLog.directory);
    if (settings_.w3cLog.marker)
      markerParameter_ = settings_.w3cLog.markerParameter;
  }
}

bool SubstatusResolver::usesLog() const {
  return settings_.source == SubstatusSource::kW3cLog || settings_.source == SubstatusSource::kBoth;
}

const std::string& SubstatusResolver::markerParameter() const {
  return markerParameter_;
}

void SubstatusResolver::beforeTransfer() {
  if (!log_)
    return;
  log_->refresh();
  logStart_ = log_->entries().size();
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

void SubstatusResolver::fromLog(std::vector<LegObservation>& legs, const std::string& marker,
                                const std::string& method, const std::string& stem) {
  // Only legs that got a response from the server can have a log line.
  std::size_t answered = 0;
  for (const auto& leg : legs)
    answered += leg.exchange.response.status != 0 && !answeredByProxy(leg) ? 1 : 0;
  const auto& log = settings_.w3cLog;
  const auto lines = marker.empty()
                         ? log_->waitForRequests(logStart_, method, stem, answered, log.timeout)
                         : log_->waitForMarked(markerParameter_, marker, answered, log.timeout);
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
      leg.substatusNote = "no W3C log line for this request in " + log.directory + " after " +
                          std::to_string(log.timeout.count()) +
                          " ms (HTTP.sys errors go to the HTTPERR log; IIS may not have flushed)";
      continue;
    }
    const auto& line = lines[next++];
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
  if (settings_.source == SubstatusSource::kNone) {
    markNotIis(legs);
    return;
  }
  if (settings_.source == SubstatusSource::kErrorPage ||
      settings_.source == SubstatusSource::kBoth) {
    for (auto& leg : legs)
      fromErrorPage(leg);
  }
  if (usesLog())
    fromLog(legs, marker, method, stem);
}

}  // namespace authreplay::expect
