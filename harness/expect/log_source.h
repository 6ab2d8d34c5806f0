// Where a log's text comes from while the log grows: a folder the harness can read (IIS's own log
// folder, or a share mounted from a staging server), or a command that prints the log (the
// target's w3cLog.fetchCommand: `ssh iis01 type ...\u_ex{date}.log`), for a remote IIS whose
// folder is not mounted. Both hand out whole lines only, since IIS may be in the middle of
// writing the last one, and only what is new since the last read, so that a poll of a day-long
// log costs what was appended, not the whole file.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace authreplay::expect {

// Lines of one log file: whole lines only, in file order.
struct LogChunk {
  std::string file;  // the file's name (a folder source: its path; a command: its day's name)
  std::string text;
};

struct LogRead {
  std::vector<LogChunk> appended;  // new whole lines, file by file
  // The source could not tell what is new (a command printed something that does not extend what
  // it printed before: the file was replaced or the command prints a tail). APPENDED is then
  // everything, and whatever was read before is no longer to be trusted.
  bool restarted = false;
  std::optional<std::string> error;  // this read failed (a fetch command's exit status, ...)
};

class LogSource {
 public:
  virtual ~LogSource() = default;
  virtual LogRead read() = 0;
  // For notes: "/srv/logs/W3SVC1" or "the output of fetchCommand".
  virtual const std::string& where() const = 0;
  // How often reading again is worth it: a folder costs nothing, a command is a round trip to the
  // server (ssh, WinRM), so the wait polls it less often.
  virtual std::chrono::milliseconds pollInterval() const = 0;
};

// Which files of a folder are the log: "u_ex" + ".log" (W3C), "httperr" + ".log" (HTTP.sys); files
// in subfolders whose names start with SUBFOLDERPREFIX ("W3SVC") are read too.
// A log line longer than this (a W3C or HTTPERR line is a few KB at most) is dropped whole, so
// that a file that never writes a newline is not held in memory (issue 12).
inline constexpr std::size_t kMaxLogLineBytes = 64 * 1024;
// At most this much of a log file is read per poll; the rest comes at the next.
inline constexpr std::size_t kMaxLogReadBytes = 16 * 1024 * 1024;

struct LogFileNames {
  std::string prefix;
  std::string extension;
  std::string subfolderPrefix;  // "" = the folder itself only
};

std::unique_ptr<LogSource> makeFolderLogSource(std::filesystem::path directory, LogFileNames names);

// What one run of the fetch command printed: the text of each log file it covers (one per UTC day
// the run spans), from the file's beginning.
struct FetchedLog {
  std::vector<LogChunk> files;
  std::optional<std::string> error;  // why (part of) the fetch failed; FILES holds what it got
};
using LogFetch = std::function<FetchedLog()>;

// Runs FETCH at every read; hands out what each file's text gained since the last read, as long
// as the new text extends the old one (a log only grows), else starts over (LogRead::restarted).
std::unique_ptr<LogSource> makeCommandLogSource(LogFetch fetch, std::string where);

}  // namespace authreplay::expect
