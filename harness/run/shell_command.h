// Runs a command the target file names (w3cLog.flushCommand / fetchCommand, recycle.command) with
// /bin/sh, as an operator would type it: `ssh iis01 netsh http flush logbuffer`. Bounded in time
// and in output, because the command talks to a remote server that may hang or print without end:
// at the timeout its whole process group is killed, and output past the limit is dropped (and
// said so). Secrets reach it through its environment only (EXTRA_ENV), never through argv.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace authreplay::run {

struct ShellCommandResult {
  bool started = false;  // false: /bin/sh could not be started (error says why)
  int exitCode = -1;     // the command's exit status; 128 + N when signal N ended it
  bool timedOut = false;
  bool truncated = false;  // stdout went over the limit; `out` holds the first bytes only
  std::string out;         // standard output
  std::string err;         // standard error, at most a few KB (for error messages)
  std::string error;       // why it did not start

  bool succeeded() const { return started && !timedOut && exitCode == 0; }
};

struct ShellCommandLimits {
  std::chrono::milliseconds timeout{60000};
  std::size_t maxOutput = 256u << 20;  // a day of a busy site's W3C log fits
};

ShellCommandResult runShellCommand(const std::string& command,
                                   const std::vector<std::pair<std::string, std::string>>& extraEnv,
                                   const ShellCommandLimits& limits);

// "exited with status 2: <stderr's last line>", "timed out after 30000 ms", ...: for error texts.
std::string describeFailure(const ShellCommandResult& result, const ShellCommandLimits& limits);

}  // namespace authreplay::run
