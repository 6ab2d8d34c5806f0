#include "bench/request_record.h"

#include "auth/leg_label.h"
#include "expect/error_page.h"

namespace authreplay::bench {

namespace {

// Enough for any IIS detailed error page's heading; bounded so that a server sending large error
// bodies cannot grow the benchmark's memory.
constexpr std::size_t kMaxKeptBody = 64 * 1024;

std::int64_t toMicros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

// What went out, in the notation of the runner's leg table and of a scenario's "sent": a leg label
// (auth/leg_label.h), or "none" for a request without Authorization.
std::string sentLabel(const http::Exchange& exchange) {
  const auto authorization = http::firstHeader(exchange.request.headers, "Authorization");
  return authorization ? auth::legLabel(*authorization) : "none";
}

}  // namespace

void RequestRecord::addTransfer(const http::TransferResult& result, const std::string& step) {
  const std::string prefix = step.empty() ? "" : step + ": ";
  for (const auto& exchange : result.exchanges) {
    const int status = exchange.response.status;
    LegRecord leg;
    leg.name = prefix + sentLabel(exchange) + " -> " +
               (status == 0 ? std::string("no response") : std::to_string(status));
    leg.micros = exchange.timings.total.count();
    legs.push_back(std::move(leg));
    answered = answered || status != 0;
  }
  if (!result.exchanges.empty()) {
    const auto& last = result.exchanges.back().response;
    lastStatus = last.status;
    lastErrorBody = last.status >= 400 ? last.body.substr(0, kMaxKeptBody) : std::string();
  }
  bytesSent += result.bytesSent;
  bytesReceived += result.bytesReceived;
  micros = toMicros(result.finished - started);
}

std::int64_t RequestRecord::clientMicros() const {
  std::int64_t inLegs = 0;
  for (const auto& leg : legs)
    inLegs += leg.micros;
  return micros > inLegs ? micros - inLegs : 0;
}

void RequestRecord::finish(bool requireSuccess) {
  if (!requireSuccess || (lastStatus >= 200 && lastStatus < 300)) {
    authenticated = true;
    errorKind.clear();
    return;
  }
  fail(statusKind(lastStatus, lastErrorBody));
}

std::string statusKind(int status, const std::string& body) {
  if (const auto page = expect::parseDetailedErrorPage(body); page && page->status == status)
    return std::to_string(status) + "." + std::to_string(page->substatus);
  return std::to_string(status);
}

}  // namespace authreplay::bench
