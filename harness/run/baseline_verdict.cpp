#include "run/baseline_verdict.h"

#include <algorithm>

namespace authreplay::run {

namespace {

std::string inQuotes(const std::string& text) {
  return "\"" + text + "\"";
}

// A failing check of SCENARIO outside step STEP_INDEX, if any.
std::optional<CheckName> failureOutside(const ScenarioResult& scenario, int stepIndex) {
  for (const auto& step : scenario.steps) {
    if (step.index == stepIndex)
      continue;
    for (const auto& check : step.checks) {
      if (!check.passed)
        return checkNameOf(step.index, check);
    }
  }
  return std::nullopt;
}

}  // namespace

BaselineMatch judge(const ScenarioResult& result, const BaselineEntry& entry) {
  BaselineMatch match;
  match.reason = entry.reason;
  match.check = entry.check ? entry.check->toString() : "";
  match.entry = entry.where;
  switch (result.outcome) {
    case Outcome::kError:
      match.verdict = Verdict::kCouldNotRun;
      match.note = "it could not run: a baseline excuses failures, not errors";
      return match;
    case Outcome::kSkipped:
      match.verdict = Verdict::kSkipped;
      match.note = "it was skipped: neither fixed nor failing";
      return match;
    case Outcome::kNotApplicable:
      match.verdict = Verdict::kNotApplicable;
      match.note = "the target cannot run it: neither fixed nor failing";
      return match;
    case Outcome::kPassed:
      match.verdict = Verdict::kFixed;
      match.note = "it passed: remove it from the baseline";
      return match;
    case Outcome::kFailed:
      break;
  }
  match.verdict = Verdict::kExpectedFailure;
  if (!entry.check)
    return match;
  const auto first = firstFailure(result);
  if (!first) {
    // Failed with every check passing cannot happen (an error is kError); judge it a failure.
    match.verdict = Verdict::kFailed;
    match.note = "listed for " + inQuotes(match.check) + ", but no check failed";
    return match;
  }
  const auto firstName = checkNameOf(first->step->index, *first->check);
  if (!(firstName == *entry.check)) {
    match.verdict = Verdict::kFailed;
    match.note = "listed for " + inQuotes(match.check) + ", but the first failure is " +
                 inQuotes(firstName.toString());
    return match;
  }
  if (const auto other = failureOutside(result, first->step->index)) {
    match.verdict = Verdict::kFailed;
    match.note = "listed for " + inQuotes(match.check) + ", but " + inQuotes(other->toString()) +
                 " failed too, in another step";
  }
  return match;
}

void applyBaseline(ScenarioResult& result, const Baseline& baseline) {
  result.baseline.reset();
  if (const auto* entry = baseline.find(result.id))
    result.baseline = judge(result, *entry);
}

void applyBaseline(RunResult& result, const Baseline& baseline, bool strict,
                   std::vector<std::string> stale) {
  for (auto& scenario : result.scenarios)
    applyBaseline(scenario, baseline);
  result.baseline = BaselineUse{baseline.file, strict, std::move(stale)};
}

std::vector<std::string> staleEntries(const Baseline& baseline,
                                      const std::vector<std::string>& loadedIds) {
  std::vector<std::string> out;
  for (const auto& entry : baseline.entries) {
    if (std::find(loadedIds.begin(), loadedIds.end(), entry.scenario) != loadedIds.end())
      continue;
    out.push_back(entry.where.location() + ": scenario " + inQuotes(entry.scenario) +
                  " matches no loaded scenario (a stale entry: remove it, or correct the id)");
  }
  return out;
}

}  // namespace authreplay::run
