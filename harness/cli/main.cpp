// authreplay: replays HTTP authentication scenarios against IIS (or the lab's simulator).
#include <exception>
#include <iostream>

#include "cli/app.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  try {
    return authreplay::cli::runApp(std::vector<std::string>(argv + 1, argv + argc), std::cout,
                                   std::cerr);
  } catch (const std::exception& e) {
    // Anything unexpected means the run could not be completed.
    std::cerr << "authreplay: internal error: " << e.what() << "\n";
    return authreplay::cli::kCouldNotRun;
  }
}
