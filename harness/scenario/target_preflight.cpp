#include "scenario/target_preflight.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "text/ascii.h"

namespace authreplay::scenario {
namespace {

namespace fs = std::filesystem;

// IIS creates a site's W3SVC<N> folder, and HTTP.sys its HTTPERR folder, when it first writes a
// line, so a fresh server may not have them yet: the folder or the one above it must exist (a
// mount point that is not mounted, a mistyped path, has neither).
bool folderOrParentExists(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return true;
  const auto parent = fs::path(path).lexically_normal().parent_path();
  return !parent.empty() && fs::is_directory(parent, ec);
}

// Whether PROGRAM (a command's first word) can be run: a path to an executable file, or a name
// found on PATH. A shell builtin or a word with shell syntax ($VAR, a redirection) cannot be
// judged here and is taken as runnable.
bool runnable(const std::string& program) {
  if (program.empty() || program.find_first_of("$`=<>|&;(){}\"'") != std::string::npos)
    return true;
  static constexpr std::string_view kBuiltins[] = {
      "cd", "echo", "exec", "printf", "test", "true", "false", "type", ":", ".", "eval"};
  for (const auto builtin : kBuiltins) {
    if (program == builtin)
      return true;
  }
  if (program.find('/') != std::string::npos)
    return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  if (path == nullptr)
    return false;
  std::string_view rest(path);
  while (true) {
    const auto colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    const auto candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0)
      return true;
    if (colon == std::string_view::npos)
      return false;
    rest.remove_prefix(colon + 1);
  }
}

void checkCommand(const std::string& setting, const std::string& command,
                  std::vector<std::string>& out) {
  if (command.empty())
    return;
  const auto words = text::splitSpaces(command);
  if (!words.empty() && !runnable(words.front()))
    out.push_back(setting + ": the program \"" + words.front() + "\" is not found (PATH)");
}

}  // namespace

std::vector<std::string> targetSetupProblems(const Target& target) {
  std::vector<std::string> out;
  const auto& substatus = target.substatus;
  const bool readsW3c =
      substatus.source == SubstatusSource::kW3cLog || substatus.source == SubstatusSource::kBoth;
  const auto& w3c = substatus.w3cLog;
  if (readsW3c && w3c.fetchCommand.empty() && !w3c.directory.empty() &&
      !folderOrParentExists(w3c.directory))
    out.push_back("substatus.w3cLog.directory " + w3c.directory + " does not exist");
  if (readsW3c) {
    checkCommand("substatus.w3cLog.flushCommand", w3c.flushCommand, out);
    checkCommand("substatus.w3cLog.fetchCommand", w3c.fetchCommand, out);
  }
  for (const auto& directory : substatus.httpErrLog.directories) {
    if (!folderOrParentExists(directory))
      out.push_back("substatus.httpErrLog.directory " + directory + " does not exist");
  }
  for (const auto& command : substatus.httpErrLog.fetchCommands)
    checkCommand("substatus.httpErrLog.fetchCommands", command, out);
  return out;
}

}  // namespace authreplay::scenario
