#include "report/console_reporter.h"

#include "report/text_format.h"
#include "run/check_name.h"

namespace authreplay::report {

namespace {

const char* label(run::Verdict verdict) {
  switch (verdict) {
    case run::Verdict::kPassed:
      return "PASS ";
    case run::Verdict::kFailed:
      return "FAIL ";
    case run::Verdict::kCouldNotRun:
      return "ERROR";
    case run::Verdict::kSkipped:
      return "SKIP ";
    case run::Verdict::kNotApplicable:
      return "N/A  ";
    case run::Verdict::kExpectedFailure:
      return "XFAIL";  // pytest's name for it
    case run::Verdict::kFixed:
      return "FIXED";
  }
  return "?    ";
}

}  // namespace

void ConsoleReporter::scenarioFinished(const run::ScenarioResult& result) {
  const auto verdict = result.verdict();
  out_ << label(verdict) << " " << result.id << "  (" << formatDuration(result.duration) << ")\n";
  if (verdict == run::Verdict::kExpectedFailure) {
    out_ << "      expected failure: " << result.baseline->reason << "\n"
         << "      " << firstFailureText(result) << "  (baseline "
         << result.baseline->entry.location() << ")\n";
  } else if (verdict == run::Verdict::kFixed) {
    out_ << "      fixed (remove it from the baseline: " << result.baseline->entry.location()
         << ")\n";
  } else if (result.baseline && !result.baseline->note.empty()) {
    out_ << "      baseline: " << result.baseline->note << "  ("
         << result.baseline->entry.location() << ")\n";
  }
  // What the browser did behind the legs (a silent fallback from Kerberos to NTLM) is worth a
  // line even on a pass: it is the problem that passes today and breaks when NTLM is switched off.
  for (const auto& step : result.steps) {
    for (const auto& note : step.browserNotes)
      out_ << "      note: step " << step.index << ": " << note << "\n";
  }
  // An expected failure's legs are known and accepted: shown with -v only, like a pass.
  const bool details =
      options_.verbose || (verdict != run::Verdict::kPassed && verdict != run::Verdict::kFixed &&
                           verdict != run::Verdict::kExpectedFailure);
  if (!details)
    return;
  if (result.outcome == run::Outcome::kSkipped)
    out_ << "      skipped: " << result.skipReason << "\n";
  if (result.outcome == run::Outcome::kNotApplicable)
    out_ << "      not applicable: " << result.notApplicableReason << "\n";
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
  // What went wrong, one line each, where the eye lands after a long run (pytest's "short test
  // summary info"): failures with their first failing check and its position, and what could
  // not run with why. Expected failures and skips are not listed: nothing is to be done.
  std::string closing;
  for (const auto& scenario : result.scenarios) {
    const auto verdict = scenario.verdict();
    const bool strictFixed =
        verdict == run::Verdict::kFixed && result.baseline && result.baseline->strict;
    if (verdict == run::Verdict::kFailed || strictFixed) {
      std::string where;
      if (const auto first = run::firstFailure(scenario); first && first->check->where.known())
        where = "  (" + first->check->where.location() + ")";
      closing += std::string("  ") + label(verdict) + " " + scenario.id + "  " +
                 (strictFixed ? std::string("listed in the baseline but passed")
                              : firstFailureText(scenario)) +
                 where + "\n";
    } else if (verdict == run::Verdict::kCouldNotRun) {
      closing +=
          std::string("  ") + label(verdict) + " " + scenario.id + "  " + scenario.error + "\n";
    }
  }
  if (!closing.empty())
    out_ << "not passed:\n" << closing;
  out_ << countsText(result) << "  (" << formatDuration(result.duration) << ")\n";
  if (result.baseline && result.count(run::Verdict::kFixed) > 0) {
    out_ << "fixed scenarios are still listed in " << result.baseline->file
         << ": remove them from the baseline"
         << (result.baseline->strict ? " (--strict-baseline: they fail the run)" : "") << "\n";
  }
  out_.flush();
}

}  // namespace authreplay::report
