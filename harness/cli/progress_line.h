// A live status line on a terminal (issue 11): which scenario is being sent and, with a W3C log,
// how many legs still wait for their line and how long the wait may still take. It rewrites one
// line in place ("\r" + text + erase to end of line, ECMA-48 EL) and is only ever made for a
// terminal (main.cpp checks isatty), so nothing of it reaches redirected output or reports.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace authreplay::cli {

class ProgressLine {
 public:
  // TERMINAL: nullptr turns every call into nothing. WIDTH: the terminal's columns.
  ProgressLine(std::ostream* terminal, std::size_t width);

  void sending(std::size_t index, std::size_t total, const std::string& scenarioId);
  void waitingForLog(std::size_t legsWaiting, std::size_t legsTotal,
                     std::chrono::milliseconds left);
  // Erases the line, before other output is written to the same terminal.
  void clear();

 private:
  void show(std::string text, bool force);

  std::ostream* terminal_;
  std::size_t width_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point lastShown_{};
};

}  // namespace authreplay::cli
