#include "run/shell_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "auth/secret.h"

extern char** environ;

namespace authreplay::run {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxErr = 4096;

// The file descriptors of one pipe, closed when it goes out of scope.
struct Pipe {
  int fd[2] = {-1, -1};
  bool open() { return ::pipe2(fd, O_CLOEXEC) == 0; }
  void closeEnd(int end) {
    if (fd[end] >= 0)
      ::close(fd[end]);
    fd[end] = -1;
  }
  ~Pipe() {
    closeEnd(0);
    closeEnd(1);
  }
};

std::vector<std::string> environmentWith(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    bool replaced = false;
    for (const auto& [name, value] : extra)
      replaced = replaced || (text.size() > name.size() && text.substr(0, name.size()) == name &&
                              text[name.size()] == '=');
    if (!replaced)
      entries.emplace_back(text);
  }
  for (const auto& [name, value] : extra)
    entries.push_back(name + "=" + value);
  return entries;
}

// Reads what is available on FD into OUT (up to LIMIT bytes kept); false at end of file.
bool drain(int fd, std::string& out, std::size_t limit, bool& truncated) {
  std::array<char, 65536> buffer;
  const auto n = ::read(fd, buffer.data(), buffer.size());
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return false;
  const auto room = limit > out.size() ? limit - out.size() : 0;
  const auto keep = std::min(room, static_cast<std::size_t>(n));
  out.append(buffer.data(), keep);
  truncated = truncated || keep < static_cast<std::size_t>(n);
  return true;
}

}  // namespace

ShellCommandResult runShellCommand(const std::string& command,
                                   const std::vector<std::pair<std::string, std::string>>& extraEnv,
                                   const ShellCommandLimits& limits) {
  ShellCommandResult result;
  Pipe out;
  Pipe err;
  if (!out.open() || !err.open()) {
    result.error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that a timeout kills ssh and whatever it started, not just sh.
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t defaults;
  sigemptyset(&defaults);
  posix_spawnattr_setsigmask(&attributes, &defaults);
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  auto env = environmentWith(extraEnv);
  std::vector<char*> envp;
  for (const auto& entry : env)
    envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  std::string shell = "/bin/sh";
  std::string dashC = "-c";
  std::string text = command;
  std::array<char*, 4> argv = {shell.data(), dashC.data(), text.data(), nullptr};
  pid_t pid = -1;
  const int spawned =
      posix_spawn(&pid, shell.c_str(), &actions, &attributes, argv.data(), envp.data());
  // The environment may carry a password (log_commands.h): not left behind in freed memory.
  for (auto& entry : env)
    auth::wipeString(entry);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  out.closeEnd(1);
  err.closeEnd(1);
  if (spawned != 0) {
    result.error = std::string("cannot start /bin/sh: ") + std::strerror(spawned);
    return result;
  }
  result.started = true;

  const auto deadline = Clock::now() + limits.timeout;
  bool outOpen = true;
  bool errOpen = true;
  bool errTruncated = false;
  while (outOpen || errOpen) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      result.timedOut = true;
      break;
    }
    std::array<pollfd, 2> fds = {pollfd{outOpen ? out.fd[0] : -1, POLLIN, 0},
                                 pollfd{errOpen ? err.fd[0] : -1, POLLIN, 0}};
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(left, 1000)));
    if (ready < 0 && errno != EINTR)
      break;
    if (outOpen && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
      outOpen = drain(out.fd[0], result.out, limits.maxOutput, result.truncated);
    if (errOpen && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)))
      errOpen = drain(err.fd[0], result.err, kMaxErr, errTruncated);
  }
  if (result.timedOut)
    ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.exitCode = 128 + WTERMSIG(status);
  return result;
}

std::string describeFailure(const ShellCommandResult& result, const ShellCommandLimits& limits) {
  if (!result.started)
    return result.error;
  if (result.timedOut)
    return "timed out after " + std::to_string(limits.timeout.count()) + " ms";
  std::string text = "exited with status " + std::to_string(result.exitCode);
  // The last line of its standard error says why, as a shell user would see it.
  auto err = result.err;
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r'))
    err.pop_back();
  if (const auto newline = err.rfind('\n'); newline != std::string::npos)
    err.erase(0, newline + 1);
  if (!err.empty())
    text += ": " + err.substr(0, 300);
  return text;
}

}  // namespace authreplay::run
