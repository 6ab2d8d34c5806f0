// One leg as a HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/#entries): request,
// response, timings from the transfer, the TCP connection, and the harness's own view of the leg
// under the custom field `_authreplay` (HAR 1.2 "Custom Fields": names starting with an underscore,
// which other tools ignore). Headers are shown as every report shows them (token_display.h):
// Basic credentials redacted, tokens shortened unless --show-tokens.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

// Where the leg stands in the run, and what the document around it calls its page and connection.
struct HarLegPlace {
  const run::ScenarioResult& scenario;
  std::size_t scenarioIndex = 0;  // 1-based, in run order
  const run::StepResult& step;
  std::size_t leg = 0;  // 1-based within the step
  std::string pageId;
  std::string connection;  // unique per TCP connection across the run
};

nlohmann::ordered_json harEntry(const expect::LegObservation& leg, const HarLegPlace& place,
                                TokenDisplay display);

// HAR 1.2 timings of a leg, in milliseconds: connect (TLS included, as the spec asks) and ssl
// only on the leg that opened its connection, else -1; send 0 (libcurl reports no end of sending);
// wait up to the first response byte; receive to the end of the leg. `time` is the entry's
// "time": their sum.
struct HarTimings {
  nlohmann::ordered_json timings;
  double time = 0;
};
HarTimings harTimings(const http::LegTimings& timings, bool opened);

// The absolute URL of the leg's request: its request-target when absolute (through a forward
// proxy), "https://host:port" for a CONNECT, else the transfer's origin plus the target.
std::string harRequestUrl(const http::Exchange& exchange);

}  // namespace authreplay::report
