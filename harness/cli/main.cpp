// authreplay: replays HTTP authentication scenarios against IIS (or the lab's simulator).
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string_view>

#include "cli/app.h"
#include "cli/exit_codes.h"

namespace {

// The progress line goes to standard error, and only when that is a terminal that can erase a
// line (not TERM=dumb): redirected output and reports never see it.
authreplay::cli::Terminal terminal() {
  authreplay::cli::Terminal out;
  const char* term = std::getenv("TERM");
  if (::isatty(STDERR_FILENO) != 1 || term == nullptr || std::string_view(term) == "dumb")
    return out;
  out.progress = &std::cerr;
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    out.width = size.ws_col;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return authreplay::cli::runApp(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                   std::cerr, terminal());
  } catch (const std::exception& e) {
    // Anything unexpected means the run could not be completed.
    std::cerr << "authreplay: internal error: " << e.what() << "\n";
    return authreplay::cli::kCouldNotRun;
  }
}
