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
    case Outcome::kNotApplicable:
      return "not applicable";
  }
  return "?";
}

const char* toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kExpectedFailure:
      return "expected failure";
    case Verdict::kFixed:
      return "fixed";
    case Verdict::kCouldNotRun:
      return "could not run";
    case Verdict::kSkipped:
      return "skipped";
    case Verdict::kNotApplicable:
      return "not applicable";
  }
  return "?";
}

bool StepResult::passed() const {
  return !error && std::all_of(checks.begin(), checks.end(),
                               [](const expect::CheckResult& c) { return c.passed; });
}

Verdict ScenarioResult::verdict() const {
  if (baseline)
    return baseline->verdict;
  switch (outcome) {
    case Outcome::kPassed:
      return Verdict::kPassed;
    case Outcome::kFailed:
      return Verdict::kFailed;
    case Outcome::kError:
      return Verdict::kCouldNotRun;
    case Outcome::kSkipped:
      return Verdict::kSkipped;
    case Outcome::kNotApplicable:
      return Verdict::kNotApplicable;
  }
  return Verdict::kCouldNotRun;
}

std::size_t RunResult::count(Verdict verdict) const {
  return static_cast<std::size_t>(
      std::count_if(scenarios.begin(), scenarios.end(),
                    [&](const ScenarioResult& s) { return s.verdict() == verdict; }));
}

std::size_t RunResult::count(Outcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(scenarios.begin(), scenarios.end(),
                    [&](const ScenarioResult& s) { return s.outcome == outcome; }));
}

}  // namespace authreplay::run
