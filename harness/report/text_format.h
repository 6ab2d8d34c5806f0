// Plain-text renderings shared by the console and the JUnit report: the leg table of a step and a
// failed expectation in Hurl's style (error / --> file:line:col / the source line / actual /
// expected).
#pragma once

#include <string>

#include "expect/check_result.h"
#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

// One line per leg: number, method, request target, status.substatus, offers, Authorization
// (scheme and message type), Content-Length sent, connection. Each line starts with INDENT.
std::string legTable(const run::StepResult& step, const std::string& indent);

// Full request and response headers of every leg (--verbose), tokens per DISPLAY.
std::string legHeaders(const run::StepResult& step, const std::string& indent,
                       TokenDisplay display);

// "status of leg 3" / "number of legs" / "user".
std::string checkTitle(const expect::CheckResult& check);

// error: <title> / --> file:line:col / source line with a caret / actual: / expected: [/ note:]
std::string failureText(const expect::CheckResult& check, const std::string& indent);

// "4 scenarios: 1 passed, 1 failed, 1 could not run, 1 skipped", by verdict (run/verdict.h); with
// a baseline, "..., 1 failed, 2 expected failures, 1 fixed, ..." (console summary, HTML header).
std::string countsText(const run::RunResult& result);

// Whether the gate fails the run on RESULT's verdicts: a failure the baseline does not excuse, or
// a fixed scenario under --strict-baseline (could-not-run aside, which is worse).
bool gateFailed(const run::RunResult& result);

// "step 1: status of leg 3: expected 403, actual 200" for a scenario's first failing check (JUnit's
// failure message, the console's expected-failure line); "failed" when no check failed.
std::string firstFailureText(const run::ScenarioResult& scenario);

// "12 ms", "1.52 s"
std::string formatDuration(std::chrono::microseconds duration);

}  // namespace authreplay::report
