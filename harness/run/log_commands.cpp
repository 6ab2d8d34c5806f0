#include "run/log_commands.h"

#include <ctime>
#include <fstream>
#include <sstream>

#include "auth/secret.h"
#include "run/password_source.h"
#include "text/ascii.h"

namespace authreplay::run {

namespace {

std::string yymmdd(std::chrono::system_clock::time_point day) {
  const auto seconds = std::chrono::system_clock::to_time_t(day);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%y%m%d", &utc);
  return text;
}

// The commands' environment: the password, when the target names one.
std::vector<std::pair<std::string, std::string>> commandEnvironment(
    const scenario::W3cLogSettings& log) {
  scenario::TargetCredentials source;
  source.passwordFile = log.passwordFile;
  source.passwordEnv = log.passwordEnv;
  const auto password = resolvePassword({}, source);
  if (!password)
    return {};
  return {{"AUTHREPLAY_LOG_PASSWORD", std::string(password->reveal())}};
}

ShellCommandResult runLogCommand(const scenario::W3cLogSettings& log, const std::string& command,
                                 std::chrono::system_clock::time_point day) {
  ShellCommandLimits limits;
  limits.timeout = log.commandTimeout;
  auto env = commandEnvironment(log);
  auto result = runShellCommand(expandLogCommand(command, log.siteId, day), env, limits);
  for (auto& [name, value] : env)
    auth::wipeString(value);
  return result;
}

}  // namespace

std::string expandLogCommand(const std::string& command, int siteId,
                             std::chrono::system_clock::time_point day) {
  std::string out = command;
  text::replaceAll(out, "{siteId}", std::to_string(siteId));
  text::replaceAll(out, "{date}", yymmdd(day));
  return out;
}

std::optional<std::string> flushLog(const scenario::Target& target) {
  const auto& log = target.substatus.w3cLog;
  try {
    const auto result = runLogCommand(log, log.flushCommand, std::chrono::system_clock::now());
    if (result.succeeded())
      return std::nullopt;
    ShellCommandLimits limits;
    limits.timeout = log.commandTimeout;
    return "flushCommand " + describeFailure(result, limits);
  } catch (const PasswordError& e) {
    return std::string("flushCommand not run: ") + e.what();
  }
}

ShellCommandResult fetchLog(const scenario::W3cLogSettings& log,
                            std::chrono::system_clock::time_point day) {
  try {
    return runLogCommand(log, log.fetchCommand, day);
  } catch (const PasswordError& e) {
    ShellCommandResult result;
    result.error = std::string("fetchCommand not run: ") + e.what();
    return result;
  }
}

}  // namespace authreplay::run
