// `authreplay` itself: runs a parsed command and returns its exit code (exit_codes.h).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace authreplay::cli {

// Where a live progress line may go: only a terminal (main.cpp decides), never a file or pipe.
struct Terminal {
  std::ostream* progress = nullptr;
  std::size_t width = 80;
};

// ARGS excludes the program name. OUT gets results, ERR diagnostics.
int runApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const Terminal& terminal = {});

}  // namespace authreplay::cli
