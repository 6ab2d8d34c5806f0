#include "report/console_reporter.h"

#include "report/text_format.h"

namespace authreplay::report {

namespace {

const char* label(run::Outcome outcome) {
  switch (outcome) {
    case run::Outcome::kPassed:
      return "PASS ";
    case run::Outcome::kFailed:
      return "FAIL ";
    case run::Outcome::kError:
      return "ERROR";
    case run::Outcome::kSkipped:
      return "SKIP ";
  }
  return "?    ";
}

}  // namespace

void ConsoleReporter::scenarioFinished(const run::ScenarioResult& result) {
  out_ << label(result.outcome) << " " << result.id << "  (" << formatDuration(result.duration)
       << ")\n";
  const bool details = options_.verbose || result.outcome != run::Outcome::kPassed;
  if (!details)
    return;
  if (result.outcome == run::Outcome::kSkipped)
    out_ << "      skipped: " << result.skipReason << "\n";
  if (result.outcome == run::Outcome::kError && result.steps.empty()) {
    out_ << "      error: " << result.error << "\n";
  }
  for (const auto& step : result.steps) {
    out_ << "      step " << step.index << (step.name.empty() ? "" : " (" + step.name + ")") << "  "
         << step.method << " " << step.url << "\n";
    if (!step.legs.empty())
      out_ << legTable(step, "        ");
    if (options_.verbose)
      out_ << legHeaders(step, "          ", options_.tokens);
    if (step.error)
      out_ << "      error: " << *step.error << "\n";
    for (const auto& check : step.checks) {
      if (!check.passed)
        out_ << failureText(check, "      ");
    }
  }
  out_.flush();
}

void ConsoleReporter::summary(const run::RunResult& result) {
  out_ << result.scenarios.size() << " scenario" << (result.scenarios.size() == 1 ? "" : "s")
       << ": " << result.count(run::Outcome::kPassed) << " passed, "
       << result.count(run::Outcome::kFailed) << " failed, " << result.count(run::Outcome::kError)
       << " could not run, " << result.count(run::Outcome::kSkipped) << " skipped  ("
       << formatDuration(result.duration) << ")\n";
  out_.flush();
}

}  // namespace authreplay::report
