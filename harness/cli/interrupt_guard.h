// Ctrl-C, SIGTERM (a CI runner cancelling a job) and SIGHUP (a closed terminal) while authreplay
// owns a lab: the lab must still be stopped. A signal handler may not do that (starting
// `labctl down`, waiting for it and removing a folder are not async-signal-safe), so the signals
// are blocked in every thread and one dedicated thread waits for them with sigtimedwait; there the
// cleanup runs as ordinary code, and then the process exits with 128 + the signal (130 for SIGINT,
// 143 for SIGTERM), as shells report a signal death.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace authreplay::cli {

class InterruptGuard {
 public:
  // CLEANUP(signal) runs on the guard's thread, once; the process then exits. Construct the guard
  // while this is the process's only thread: threads started later inherit the blocked signals,
  // threads started earlier would still take them with the default action.
  explicit InterruptGuard(std::function<void(int signal)> cleanup);
  // Stops waiting and unblocks the signals again.
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void wait();

  std::function<void(int)> cleanup_;
  sigset_t handled_;
  sigset_t previousMask_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace authreplay::cli
