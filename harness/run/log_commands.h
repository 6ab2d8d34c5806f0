// The target's W3C log commands for a remote IIS (target.h W3cLogSettings): flushCommand, run once
// when everything is sent, and fetchCommand, which prints the log. Placeholders {siteId} and
// {date} (the UTC day IIS names its file after, u_ex{date}.log: yymmdd, IIS-FACTS.md §4); the
// password the target names reaches the command as AUTHREPLAY_LOG_PASSWORD in its environment.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "expect/log_source.h"
#include "run/shell_command.h"
#include "scenario/target.h"

namespace authreplay::run {

// COMMAND with {siteId} and {date} replaced: DAY is the UTC day of the log file.
std::string expandLogCommand(const std::string& command, int siteId,
                             std::chrono::system_clock::time_point day);

// Runs the flush command; nullopt when it succeeded, else why it failed (no secret in it).
std::optional<std::string> flushLog(const scenario::Target& target);

// Runs the fetch command for site SITEID's file of DAY; its standard output is the log text.
ShellCommandResult fetchLog(const scenario::W3cLogSettings& log, int siteId,
                            std::chrono::system_clock::time_point day);

// The resolver's reader of a log fetched by command (expect/log_source.h): each read runs the fetch
// command once for every site of w3cLog.siteId and every UTC day from RUNSTART's to today's (a
// run that passes midnight UTC has its lines in two files, u_ex{date}.log each), and names each
// text after its file, W3SVC<N>/u_ex<date>.log.
expect::LogFetch logFetch(const scenario::W3cLogSettings& log,
                          std::chrono::system_clock::time_point runStart);

// The readers of the HTTPERR logs printed by httpErrLog.fetchCommand, one per command: each read
// runs its command (with w3cLog's commandTimeoutMs and password) and names the text after it.
std::vector<expect::LogFetch> httpErrFetches(const scenario::SubstatusSettings& substatus);

}  // namespace authreplay::run
