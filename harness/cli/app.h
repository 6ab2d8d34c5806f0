// `authreplay` itself: runs a parsed command and returns its exit code (exit_codes.h).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace authreplay::cli {

// ARGS excludes the program name. OUT gets results, ERR diagnostics.
int runApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace authreplay::cli
