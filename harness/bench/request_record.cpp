#include "bench/request_record.h"

#include "expect/error_page.h"

namespace authreplay::bench {

namespace {
std::int64_t toMicros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}
}  // namespace

void RequestRecord::addTransfer(const http::MultiOutcome& outcome, const std::string& sent) {
  if (!open) {
    open = true;
    started = outcome.started;
  }
  auto from = outcome.started;
  for (std::size_t i = 0; i < outcome.responses.size(); ++i) {
    const auto& response = outcome.responses[i];
    const bool last = i + 1 == outcome.responses.size();
    const auto to = last ? outcome.finished : response.headersEnd;
    LegRecord leg;
    leg.name =
        (sent.empty() ? std::string("libcurl") : sent) + " -> " + std::to_string(response.status);
    leg.micros = toMicros(to - from);
    legs.push_back(std::move(leg));
    from = to;
  }
  if (outcome.responses.empty() && outcome.curlCode != 0)
    legs.push_back({(sent.empty() ? std::string("libcurl") : sent) + " -> no response",
                    toMicros(outcome.finished - outcome.started)});
  bytesSent += outcome.bytesSent;
  bytesReceived += outcome.bytesReceived;
  micros = toMicros(outcome.finished - started);
}

std::int64_t RequestRecord::clientMicros() const {
  std::int64_t inLegs = 0;
  for (const auto& leg : legs)
    inLegs += leg.micros;
  return micros > inLegs ? micros - inLegs : 0;
}

void RequestRecord::finish(const http::MultiOutcome& last) {
  if (last.curlCode != 0) {
    fail(std::string("transport: ") + http::curlCodeText(last.curlCode));
    return;
  }
  const int status = last.responses.empty() ? 0 : last.responses.back().status;
  if (status >= 200 && status < 300) {
    authenticated = true;
    errorKind.clear();
    return;
  }
  fail(statusKind(status, last.body));
}

std::string statusKind(int status, const std::string& body) {
  if (const auto page = expect::parseDetailedErrorPage(body); page && page->status == status)
    return std::to_string(status) + "." + std::to_string(page->substatus);
  return std::to_string(status);
}

}  // namespace authreplay::bench
