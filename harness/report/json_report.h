// The machine-readable report: every scenario, step, leg (request and response headers, body
// sizes, substatus and where it came from, connection, timings) and check. Documented in
// docs/scenario-format.md ("JSON report"). Tokens are shortened and Basic credentials redacted as
// on the console.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

inline constexpr int kJsonReportVersion = 1;

nlohmann::ordered_json jsonReport(const run::RunResult& result, TokenDisplay display);
void writeJsonReport(const run::RunResult& result, std::ostream& out, TokenDisplay display);

}  // namespace authreplay::report
