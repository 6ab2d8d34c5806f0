#include "run/results.h"

#include <algorithm>

namespace authreplay::run {

const char* toString(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kError:
      return "error";
    case Outcome::kSkipped:
      return "skipped";
  }
  return "?";
}

bool StepResult::passed() const {
  return !error && std::all_of(checks.begin(), checks.end(),
                               [](const expect::CheckResult& c) { return c.passed; });
}

std::size_t RunResult::count(Outcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(scenarios.begin(), scenarios.end(),
                    [&](const ScenarioResult& s) { return s.outcome == outcome; }));
}

}  // namespace authreplay::run
