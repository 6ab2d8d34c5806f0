#include "cli/baseline_gate.h"

#include <filesystem>
#include <fstream>

#include "cli/exit_codes.h"
#include "json/source_document.h"
#include "report/text_format.h"
#include "run/baseline_verdict.h"
#include "run/check_name.h"

namespace authreplay::cli {

namespace {

// True when every failing check of SCENARIO is in step STEP_INDEX.
bool failsOnlyIn(const run::ScenarioResult& scenario, int stepIndex) {
  for (const auto& step : scenario.steps) {
    if (step.index == stepIndex)
      continue;
    for (const auto& check : step.checks) {
      if (!check.passed)
        return false;
    }
  }
  return true;
}

}  // namespace

std::optional<BaselineGate> BaselineGate::prepare(const BaselineOptions& options,
                                                  const std::vector<std::string>& loadedIds,
                                                  std::ostream& err) {
  if (!options.writeFile.empty() && !options.force) {
    std::error_code ec;
    if (std::filesystem::exists(options.writeFile, ec)) {
      err << "error: " << options.writeFile
          << " exists: `baseline write` does not overwrite it without --force\n";
      return std::nullopt;
    }
  }
  std::optional<run::Baseline> baseline;
  std::vector<std::string> stale;
  if (!options.file.empty()) {
    try {
      baseline = run::loadBaselineFile(options.file);
    } catch (const json::SourceError& e) {
      err << e.what() << "\n";
      return std::nullopt;
    }
    stale = run::staleEntries(*baseline, loadedIds);
    for (const auto& warning : stale)
      err << "warning: " << warning << "\n";
  }
  return BaselineGate(options, std::move(baseline), std::move(stale));
}

run::ScenarioResult BaselineGate::judged(const run::ScenarioResult& result) const {
  run::ScenarioResult copy = result;
  if (baseline_)
    run::applyBaseline(copy, *baseline_);
  return copy;
}

void BaselineGate::apply(run::RunResult& result) const {
  if (baseline_)
    run::applyBaseline(result, *baseline_, options_.strict, stale_);
}

std::vector<run::BaselineEntry> BaselineGate::entriesFor(const run::RunResult& result) {
  std::vector<run::BaselineEntry> entries;
  for (const auto& scenario : result.scenarios) {
    if (scenario.outcome != run::Outcome::kFailed)
      continue;
    run::BaselineEntry entry;
    entry.scenario = scenario.id;
    entry.reason = kReasonPlaceholder;
    if (scenario.baseline && scenario.baseline->verdict == run::Verdict::kExpectedFailure) {
      // Already excused: keep what the user wrote.
      entry.reason = scenario.baseline->reason;
      if (!scenario.baseline->check.empty())
        entry.check = run::parseCheckName(scenario.baseline->check);
    } else if (const auto first = run::firstFailure(scenario);
               first && failsOnlyIn(scenario, first->step->index)) {
      entry.check = run::checkNameOf(first->step->index, *first->check);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

int BaselineGate::conclude(const run::RunResult& result, int reportCode, std::ostream& out,
                           std::ostream& err) const {
  const bool writing = !options_.writeFile.empty();
  if (writing) {
    const auto entries = entriesFor(result);
    std::ofstream file(options_.writeFile, std::ios::binary | std::ios::trunc);
    file << run::baselineFileText(entries);
    file.close();
    if (!file) {
      err << "error: cannot write baseline " << options_.writeFile << "\n";
      return kCouldNotRun;
    }
    out << "wrote " << options_.writeFile << ": " << entries.size() << " expected failure"
        << (entries.size() == 1 ? "" : "s")
        << (entries.empty() ? "" : " (replace each \"TODO\" reason with why it is accepted)")
        << "\n";
  }
  if (result.count(run::Verdict::kCouldNotRun) > 0) {
    if (writing)
      err << "error: scenarios that could not run are not in the baseline (a baseline lists "
             "failures, not errors)\n";
    return kCouldNotRun;
  }
  if (!writing && report::gateFailed(result))
    return reportCode == kAllPassed ? kExpectationFailed : reportCode;
  return reportCode;
}

}  // namespace authreplay::cli
