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

// "12 ms", "1.52 s"
std::string formatDuration(std::chrono::microseconds duration);

}  // namespace authreplay::report
