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
                                 int siteId, std::chrono::system_clock::time_point day) {
  ShellCommandLimits limits;
  limits.timeout = log.commandTimeout;
  auto env = commandEnvironment(log);
  auto result = runShellCommand(expandLogCommand(command, siteId, day), env, limits);
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
  // `netsh http flush logbuffer` flushes every site at once: once is enough, unless the command
  // names a site.
  std::vector<int> sites{log.siteIds.front()};
  if (log.flushCommand.find("{siteId}") != std::string::npos)
    sites = log.siteIds;
  try {
    for (const int site : sites) {
      const auto result =
          runLogCommand(log, log.flushCommand, site, std::chrono::system_clock::now());
      if (result.succeeded())
        continue;
      ShellCommandLimits limits;
      limits.timeout = log.commandTimeout;
      return "flushCommand " + describeFailure(result, limits);
    }
    return std::nullopt;
  } catch (const PasswordError& e) {
    return std::string("flushCommand not run: ") + e.what();
  }
}

ShellCommandResult fetchLog(const scenario::W3cLogSettings& log, int siteId,
                            std::chrono::system_clock::time_point day) {
  try {
    return runLogCommand(log, log.fetchCommand, siteId, day);
  } catch (const PasswordError& e) {
    ShellCommandResult result;
    result.error = std::string("fetchCommand not run: ") + e.what();
    return result;
  }
}

namespace {

// One site's file of one day, into OUT (its text, or why it could not be had).
void fetchDay(const scenario::W3cLogSettings& log, int site, std::chrono::sys_days day,
              expect::FetchedLog& out) {
  auto result = fetchLog(log, site, day);
  const auto file = "W3SVC" + std::to_string(site) + "/u_ex" + yymmdd(day) + ".log";
  if (!result.succeeded() || result.truncated) {
    ShellCommandLimits limits;
    limits.timeout = log.commandTimeout;
    const auto why = result.succeeded() ? std::string("printed more than the output limit")
                                        : describeFailure(result, limits);
    out.error =
        (out.error ? *out.error + "; " : std::string()) + "fetchCommand for " + file + " " + why;
    // The day's file may not exist yet (a run that passes midnight): what the other days printed
    // is still read; a failed fetch gives no text rather than a partial one.
    if (!result.succeeded())
      return;
  }
  out.files.push_back({file, std::move(result.out)});
}

}  // namespace

expect::LogFetch logFetch(const scenario::W3cLogSettings& log,
                          std::chrono::system_clock::time_point runStart) {
  return [log, runStart] {
    using std::chrono::days;
    expect::FetchedLog out;
    const auto today = std::chrono::floor<days>(std::chrono::system_clock::now());
    for (const int site : log.siteIds) {
      for (auto day = std::chrono::floor<days>(runStart); day <= today; day += days(1))
        fetchDay(log, site, day, out);
    }
    return out;
  };
}

std::vector<expect::LogFetch> httpErrFetches(const scenario::SubstatusSettings& substatus) {
  std::vector<expect::LogFetch> out;
  for (std::size_t i = 0; i < substatus.httpErrLog.fetchCommands.size(); ++i) {
    out.push_back([log = substatus.w3cLog, command = substatus.httpErrLog.fetchCommands[i], i] {
      expect::FetchedLog fetched;
      ShellCommandResult result;
      try {
        result = runLogCommand(log, command, log.siteIds.front(), std::chrono::system_clock::now());
      } catch (const PasswordError& e) {
        fetched.error = std::string("httpErrLog.fetchCommand not run: ") + e.what();
        return fetched;
      }
      if (!result.succeeded()) {
        ShellCommandLimits limits;
        limits.timeout = log.commandTimeout;
        fetched.error = "httpErrLog.fetchCommand " + describeFailure(result, limits);
        return fetched;
      }
      fetched.files.push_back({"HTTPERR " + std::to_string(i + 1), std::move(result.out)});
      return fetched;
    });
  }
  return out;
}

}  // namespace authreplay::run
