#include "cli/embedded_lab.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace authreplay::cli {

namespace fs = std::filesystem;

namespace {

std::string seconds(std::chrono::steady_clock::duration d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f s", std::chrono::duration<double>(d).count());
  return buffer;
}

const char* signalName(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
  }
  return "a signal";
}

// TMPDIR/authreplay-lab-XXXXXX, mode 0711: private, but squid (which labctl starts as user
// `proxy` when run as root) must be able to pass through it to its own folder inside.
fs::path makePrivateFolder() {
  auto pattern = (fs::temp_directory_path() / "authreplay-lab-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw LabStartError("cannot create a temporary folder for the embedded lab in " +
                        fs::temp_directory_path().string() + ": " + std::strerror(errno));
  }
  ::chmod(pattern.c_str(), 0711);
  return pattern;
}

}  // namespace

EmbeddedLab::EmbeddedLab(EmbeddedLabOptions options, std::ostream& log)
    : options_(std::move(options)), log_(log) {}

EmbeddedLab::~EmbeddedLab() {
  try {
    stop();
  } catch (...) {
    // A destructor must not throw; stop() already reported what it could.
  }
}

void EmbeddedLab::start() {
  guard_ = std::make_unique<InterruptGuard>([this](int signal) { onSignal(signal); });
  environment_ = ChildEnvironment::fromCurrentProcess();
  environment_.set("AUTHREPLAY_IIS_SIM", options_.tools.iisSim.string());

  startedAt_ = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(stopMutex_);
    root_ = makePrivateFolder();
    labDir_ = root_ / "lab";
    started_ = true;
  }
  int rc = 0;
  try {
    auto up = ChildProcess::start(options_.tools.labctl, {"up", labDir_.string()}, environment_,
                                  root_ / "labctl.log");
    upPid_ = up.pid();
    rc = up.wait();
    upPid_ = 0;
  } catch (const std::exception& e) {
    stop();
    throw LabStartError(std::string("the embedded lab did not start: ") + e.what());
  }
  const auto output = labctlOutput();
  if (rc != 0 || !fs::exists(targetFile())) {
    stop();
    throw LabStartError("the embedded lab did not start (" + options_.tools.labctl.string() +
                        " up exited " + std::to_string(rc) + "):\n" + output);
  }
  {
    std::lock_guard lock(stopMutex_);
    up_ = true;
  }
  if (options_.verbose)
    log_ << output;
  log_ << "lab: up in " << seconds(std::chrono::steady_clock::now() - startedAt_) << " in "
       << labDir_.string() << "\n";
  log_.flush();
}

void EmbeddedLab::stop() {
  std::lock_guard lock(stopMutex_);
  if (!started_ || stopped_)
    return;
  stopped_ = true;
  if (options_.keep) {
    log_ << "lab: kept running in " << labDir_.string()
         << " (--keep-lab); stop it with: " << options_.tools.labctl.string() << " down "
         << labDir_.string() << "\n";
    log_.flush();
    return;
  }
  // Interrupted while `labctl up` runs: its own trap stops what it started so far; `down` below
  // then waits for it on the folder's lock.
  if (const pid_t up = upPid_; up > 0)
    ::kill(up, SIGTERM);
  const auto downStarted = std::chrono::steady_clock::now();
  int rc = 0;
  try {
    auto down = ChildProcess::start(options_.tools.labctl, {"down", labDir_.string()}, environment_,
                                    root_ / "labctl.log");
    rc = down.wait();
  } catch (const std::exception& e) {
    log_ << "warning: could not stop the embedded lab: " << e.what() << "\n";
    rc = -1;
  }
  if (rc != 0) {
    downFailed_ = true;
    // Keep the folder: its run/ records are what a later `labctl down` needs to find the processes.
    log_ << "warning: `labctl down` failed (exit " << rc << "); the lab may still run in "
         << labDir_.string() << ":\n"
         << labctlOutput() << "stop it with: " << options_.tools.labctl.string() << " down "
         << labDir_.string() << "\n";
    log_.flush();
    return;
  }
  std::error_code ec;
  fs::remove_all(root_, ec);
  if (ec)
    log_ << "warning: could not remove " << root_.string() << ": " << ec.message() << "\n";
  if (!up_)
    return;  // a start that failed: its error message says everything
  const auto now = std::chrono::steady_clock::now();
  log_ << "lab: down in " << seconds(now - downStarted) << "; lab start to stop "
       << seconds(now - startedAt_) << "\n";
  log_.flush();
}

void EmbeddedLab::onSignal(int signal) {
  interrupted_ = true;
  // The main thread runs on until the process exits, and what it would still print is only the
  // lab disappearing under the run (connection refused, ...): send it nowhere.
  if (const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC); devNull >= 0) {
    ::dup2(devNull, STDOUT_FILENO);
    ::close(devNull);
  }
  log_ << "\nauthreplay: interrupted by " << signalName(signal) << ": stopping the lab\n";
  log_.flush();
  bool wasUp = false;
  {
    std::lock_guard lock(stopMutex_);
    wasUp = up_;
  }
  stop();
  std::lock_guard lock(stopMutex_);
  if (!wasUp && !options_.keep && !downFailed_) {
    log_ << "lab: start cut short; what `labctl up` had started is stopped\n";
    log_.flush();
  }
}

std::string EmbeddedLab::labctlOutput() const {
  std::ifstream in(root_ / "labctl.log");
  std::ostringstream text;
  std::string line;
  while (std::getline(in, line))
    text << "  " << line << "\n";
  return text.str();
}

}  // namespace authreplay::cli
