// Stopping a server a test started in a child process (fork, or fork and exec): SIGTERM, a grace
// period, then SIGKILL, reaping it either way so that no zombie (and no reused pid) is left.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

namespace authreplay::testing {

// Sends PID SIGTERM and waits up to GRACE for it to exit; kills it after that. Its exit status
// (128 + the signal when a signal ended it), or -1 when it had to be killed.
inline int stopChild(pid_t pid, std::chrono::milliseconds grace) {
  ::kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace authreplay::testing
