#include "cli/interrupt_guard.h"

#include <unistd.h>

#include <ctime>

namespace authreplay::cli {

InterruptGuard::InterruptGuard(std::function<void(int signal)> cleanup)
    : cleanup_(std::move(cleanup)) {
  sigemptyset(&handled_);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    // A signal the caller ignores stays ignored (nohup's SIGHUP, SIGINT of a background job):
    // the lab must not stop because the terminal that started it went away under nohup.
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_IGN)
      continue;
    sigaddset(&handled_, sig);
  }
  pthread_sigmask(SIG_BLOCK, &handled_, &previousMask_);
  thread_ = std::thread([this] { wait(); });
}

InterruptGuard::~InterruptGuard() {
  done_ = true;
  thread_.join();
  // A signal that arrived after the guard stopped waiting is still pending: unblocking delivers
  // it with its default action, so the user's Ctrl-C is never lost.
  pthread_sigmask(SIG_SETMASK, &previousMask_, nullptr);
}

void InterruptGuard::wait() {
  // A short timeout instead of a wake-up signal: the destructor only sets done_, and no signal of
  // ours can be confused with the user's.
  const timespec tick{0, 100 * 1000 * 1000};
  while (!done_) {
    const int sig = sigtimedwait(&handled_, nullptr, &tick);
    if (sig <= 0)
      continue;  // timeout or EINTR
    cleanup_(sig);
    ::_exit(128 + sig);
  }
}

}  // namespace authreplay::cli
