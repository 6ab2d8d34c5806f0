// The target's W3C log commands for a remote IIS (target.h W3cLogSettings): flushCommand, run once
// when everything is sent, and fetchCommand, which prints the log. Placeholders {siteId} and
// {date} (the UTC day IIS names its file after, u_ex{date}.log: yymmdd, IIS-FACTS.md §4); the
// password the target names reaches the command as AUTHREPLAY_LOG_PASSWORD in its environment.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "run/shell_command.h"
#include "scenario/target.h"

namespace authreplay::run {

// COMMAND with {siteId} and {date} replaced: DAY is the UTC day of the log file.
std::string expandLogCommand(const std::string& command, int siteId,
                             std::chrono::system_clock::time_point day);

// Runs the flush command; nullopt when it succeeded, else why it failed (no secret in it).
std::optional<std::string> flushLog(const scenario::Target& target);

// Runs the fetch command for DAY; its standard output is the log text.
ShellCommandResult fetchLog(const scenario::W3cLogSettings& log,
                            std::chrono::system_clock::time_point day);

}  // namespace authreplay::run
