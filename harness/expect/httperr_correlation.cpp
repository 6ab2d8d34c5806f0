#include "expect/httperr_correlation.h"

namespace authreplay::expect {

HttpErrCorrelator::HttpErrCorrelator(scenario::HttpErrLogSettings settings,
                                     std::vector<LogFetch> fetches)
    : settings_(std::move(settings)) {
  for (const auto& directory : settings_.directories)
    logs_.push_back({std::make_unique<HttpErrLogReader>(directory), 0, 0, {}});
  for (std::size_t i = 0; i < fetches.size(); ++i) {
    auto source = makeCommandLogSource(
        std::move(fetches[i]), "the output of httpErrLog.fetchCommand " + std::to_string(i + 1));
    logs_.push_back({std::make_unique<HttpErrLogReader>(std::move(source)), 0, 0, {}});
  }
}

HttpErrCorrelator::~HttpErrCorrelator() = default;

void HttpErrCorrelator::start() {
  for (auto& log : logs_) {
    log.reader->refresh();
    log.runStart = log.reader->entries().size();
    log.generation = log.reader->generation();
    log.taken.assign(log.runStart, false);
  }
}

void HttpErrCorrelator::refresh() {
  for (auto& log : logs_) {
    log.reader->refresh();
    if (log.reader->generation() != log.generation) {
      // The log was read anew: lines from before the run can no longer be told apart by position
      // (the marker still tells this run's own).
      log.generation = log.reader->generation();
      log.runStart = 0;
      log.taken.clear();
    }
    log.taken.resize(log.reader->entries().size(), false);
  }
}

std::string HttpErrCorrelator::where() const {
  std::string out;
  for (const auto& log : logs_)
    out += (out.empty() ? "" : ", ") + log.reader->source().where();
  return out;
}

std::optional<std::pair<std::size_t, std::size_t>> HttpErrCorrelator::find(
    const std::vector<Log>& logs, const std::vector<std::vector<bool>>& taken,
    const HttpErrLegKey& key) {
  for (std::size_t i = 0; i < logs.size(); ++i) {
    if (const auto index =
            findHttpErrLine(logs[i].reader->entries(), logs[i].runStart, taken[i], key)) {
      return std::pair(i, *index);
    }
  }
  return std::nullopt;
}

std::size_t HttpErrCorrelator::found(
    const std::vector<const std::vector<HttpErrLeg>*>& legs) const {
  std::vector<std::vector<bool>> taken;
  for (const auto& log : logs_)
    taken.push_back(log.taken);
  std::size_t count = 0;
  for (const auto* step : legs) {
    for (const auto& leg : *step) {
      if (const auto hit = find(logs_, taken, leg.key)) {
        taken[hit->first][hit->second] = true;
        ++count;
      }
    }
  }
  return count;
}

void HttpErrCorrelator::fill(std::vector<LegObservation>& stepLegs,
                             const std::vector<HttpErrLeg>& legs,
                             std::chrono::milliseconds waited) {
  std::vector<std::vector<bool>> taken;
  for (const auto& log : logs_)
    taken.push_back(log.taken);
  for (const auto& pending : legs) {
    auto& leg = stepLegs[pending.leg];
    const auto hit = find(logs_, taken, pending.key);
    if (!hit) {
      leg.httpErrNote =
          "no HTTPERR line for this leg (client port " + std::to_string(pending.key.clientPort) +
          ") in " + where() + " after waiting " + std::to_string(waited.count()) +
          " ms for the run's lines (httpErrLog.timeoutMs " +
          std::to_string(settings_.timeout.count()) + "; HTTP.sys may not have flushed its log)";
      for (const auto& log : logs_) {
        if (const auto& error = log.reader->readError())
          leg.httpErrNote += "; reading " + log.reader->source().where() + " failed: " + *error;
      }
      continue;
    }
    taken[hit->first][hit->second] = true;
    logs_[hit->first].taken[hit->second] = true;
    const auto& line = logs_[hit->first].reader->entries()[hit->second];
    leg.httpErrReason = line.reason;
    leg.httpErrNote.clear();
    if (line.status && *line.status != leg.exchange.response.status) {
      leg.httpErrNote = "the HTTPERR line found has status " + std::to_string(*line.status) +
                        ", the response " + std::to_string(leg.exchange.response.status);
    }
  }
}

}  // namespace authreplay::expect
