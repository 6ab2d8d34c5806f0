// The console: one line per scenario as it finishes; on failure or error, each step's legs and the
// expectations that failed; a summary at the end. Reads results only.
#pragma once

#include <ostream>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

struct ConsoleOptions {
  bool verbose = false;  // legs and full headers of every scenario, not only failing ones
  TokenDisplay tokens;
};

class ConsoleReporter {
 public:
  ConsoleReporter(std::ostream& out, ConsoleOptions options) : out_(out), options_(options) {}

  void scenarioFinished(const run::ScenarioResult& result);
  void summary(const run::RunResult& result);

 private:
  std::ostream& out_;
  ConsoleOptions options_;
};

}  // namespace authreplay::report
