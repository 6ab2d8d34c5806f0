// The embedded default target: `authreplay run` without --target/--target-file starts the
// real-component lab (`labctl up`, docs/lab.md) in a fresh private temporary folder, runs against
// its target.json and stops it again (`labctl down`, then the folder is removed) - when the run
// ends, when it fails, when an exception unwinds through it, and on SIGINT/SIGTERM/SIGHUP
// (interrupt_guard.h). With `keep` (--keep-lab) the lab stays up for debugging and the folder is
// printed with the command that stops it.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>

#include "cli/child_process.h"
#include "cli/interrupt_guard.h"
#include "cli/lab_locator.h"

namespace authreplay::cli {

// The lab could not be started; what() holds labctl's own explanation.
class LabStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EmbeddedLabOptions {
  LabTools tools;
  bool keep = false;     // --keep-lab
  bool verbose = false;  // show labctl's output even when it succeeds
};

class EmbeddedLab {
 public:
  // Progress lines ("lab: up in 1.02 s ...") and labctl's messages go to LOG.
  EmbeddedLab(EmbeddedLabOptions options, std::ostream& log);
  ~EmbeddedLab();  // stop()
  EmbeddedLab(const EmbeddedLab&) = delete;
  EmbeddedLab& operator=(const EmbeddedLab&) = delete;

  // Installs the interrupt guard, creates the folder and runs `labctl up`. Throws LabStartError
  // (after cleaning up) when the lab does not come up. Call while the process has one thread.
  void start();
  std::filesystem::path targetFile() const { return labDir_ / "target.json"; }
  std::filesystem::path folder() const { return root_; }

  // Stops the lab and removes its folder (or, with keep, says where it is). Idempotent and safe
  // to call from the interrupt thread while the main thread is anywhere.
  void stop();

  // A signal arrived: the run's results are incomplete and must not be written as reports.
  bool interrupted() const { return interrupted_; }

 private:
  void onSignal(int signal);
  void runLabctlDown();
  std::string labctlOutput() const;

  EmbeddedLabOptions options_;
  std::ostream& log_;
  ChildEnvironment environment_;
  std::filesystem::path root_;    // the private temporary folder
  std::filesystem::path labDir_;  // root_/lab: labctl requires an empty folder of its own
  std::chrono::steady_clock::time_point startedAt_;
  std::mutex stopMutex_;
  bool started_ = false;
  bool stopped_ = false;
  bool up_ = false;  // `labctl up` succeeded
  bool downFailed_ = false;
  std::atomic<pid_t> upPid_{0};
  std::atomic<bool> interrupted_{
      false};  // `labctl up` while it runs, so that a signal can cut it short
  // Last member: destroyed first, after ~EmbeddedLab() has stopped the lab under its protection.
  std::unique_ptr<InterruptGuard> guard_;
};

}  // namespace authreplay::cli
