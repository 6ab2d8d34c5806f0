#include "cli/child_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace authreplay::cli {

namespace {

// posix_spawn's attributes and file actions, released on every path.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ChildEnvironment ChildEnvironment::fromCurrentProcess() {
  ChildEnvironment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    env.entries_.emplace_back(*entry);
  return env;
}

void ChildEnvironment::set(const std::string& name, const std::string& value) {
  const auto prefix = name + "=";
  std::erase_if(entries_, [&](const std::string& e) { return e.rfind(prefix, 0) == 0; });
  entries_.push_back(prefix + value);
}

ChildProcess ChildProcess::start(const std::filesystem::path& program,
                                 const std::vector<std::string>& args, const ChildEnvironment& env,
                                 const std::filesystem::path& log) {
  SpawnSetup setup;
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD})
    sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&setup.attr_, &none);
  posix_spawnattr_setsigdefault(&setup.attr_, &defaults);
  posix_spawnattr_setpgroup(&setup.attr_, 0);
  posix_spawnattr_setflags(&setup.attr_,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  posix_spawn_file_actions_addopen(&setup.actions_, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&setup.actions_, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  posix_spawn_file_actions_adddup2(&setup.actions_, 1, 2);
  // Nothing else of ours (libcurl's sockets, the signal pipe) leaks into the lab's daemons.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions_, 3);

  std::vector<std::string> argvStrings{program.string()};
  argvStrings.insert(argvStrings.end(), args.begin(), args.end());
  std::vector<std::string> envStrings = env.entries();
  auto argv = pointers(argvStrings);
  auto envp = pointers(envStrings);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, program.c_str(), &setup.actions_, &setup.attr_, argv.data(), envp.data());
  if (rc != 0) {
    throw std::runtime_error("cannot start " + program.string() + ": " + std::strerror(rc));
  }
  return ChildProcess(pid);
}

int ChildProcess::wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR)
      return 128 + SIGKILL;  // not our child any more: treat as ended abnormally
  }
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace authreplay::cli
