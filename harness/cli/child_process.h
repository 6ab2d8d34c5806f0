// A helper program (labctl) run to completion with its output in a log file. The child starts in
// its own process group, with every signal unblocked and at its default action: a Ctrl-C at the
// terminal reaches authreplay alone, which then decides how the lab stops (interrupt_guard.h), and
// the blocked signal mask authreplay runs with is not inherited by the lab's daemons (a blocked
// SIGTERM would make `labctl down` wait for its SIGKILL fallback).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace authreplay::cli {

// The environment a child gets: a snapshot taken once (so no thread reads `environ` while the
// runner exports Kerberos variables) with some variables replaced.
class ChildEnvironment {
 public:
  static ChildEnvironment fromCurrentProcess();
  void set(const std::string& name, const std::string& value);
  // NAME=VALUE strings for execve.
  const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;
};

class ChildProcess {
 public:
  // Starts PROGRAM with ARGS (argv[1..]); stdin is /dev/null, stdout and stderr are appended to
  // LOG. Throws std::runtime_error when it cannot be started.
  static ChildProcess start(const std::filesystem::path& program,
                            const std::vector<std::string>& args, const ChildEnvironment& env,
                            const std::filesystem::path& log);

  pid_t pid() const { return pid_; }
  // Waits for the child; its exit code, or 128 + N when signal N ended it (as shells report it).
  int wait();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
};

}  // namespace authreplay::cli
