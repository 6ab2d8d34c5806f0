// The exit codes of `authreplay` (DESIGN.md "Command line"); CI gates depend on them.
#pragma once

namespace authreplay::cli {

enum ExitCode : int {
  kAllPassed = 0,
  kExpectationFailed = 1,
  kInvalidInput = 2,  // usage, scenario file or target file
  kCouldNotRun = 3,   // target unreachable, TLS failure, lab failure
};

}  // namespace authreplay::cli
