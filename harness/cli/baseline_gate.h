// The CI gate of `run --baseline` and `baseline write` (issue 11): the baseline file loaded before
// anything runs (so a bad one costs nothing, exit 2), the run's results judged against it after
// the run (run/baseline_verdict.h), and the exit code of the judged run. `baseline write` runs
// like `run` and then writes the failures it saw as a new baseline.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/baseline_options.h"
#include "run/baseline_file.h"
#include "run/results.h"

namespace authreplay::cli {

class BaselineGate {
 public:
  // Loads OPTIONS.file when given (errors "file:line:col: message" to ERR) and warns on ERR of
  // entries naming none of LOADED_IDS (every loaded scenario); for `baseline write`, refuses an
  // existing FILE without --force. nullopt: invalid input, nothing may run.
  static std::optional<BaselineGate> prepare(const BaselineOptions& options,
                                             const std::vector<std::string>& loadedIds,
                                             std::ostream& err);

  // The scenario as the console shows it the moment it finishes: judged by the baseline.
  run::ScenarioResult judged(const run::ScenarioResult& result) const;
  // After the run, before the reports: every scenario judged, RESULT.baseline set.
  void apply(run::RunResult& result) const;

  // For `baseline write`, writes the new baseline from RESULT (exit 3 when it cannot); then the
  // exit code: 3 when a scenario could not run (never excused), 1 when the gate fails
  // (report/text_format.h gateFailed; not for `baseline write`, whose failures are its output),
  // else REPORT_CODE (0, or 3 when a report file could not be written).
  int conclude(const run::RunResult& result, int reportCode, std::ostream& out,
               std::ostream& err) const;

  // The entries `baseline write` writes for RESULT: each failed scenario, with its first failing
  // check when every failing check is in that check's step (else no check: any failure), and the
  // reason of an entry that already excused it, or a placeholder for the user to replace.
  static std::vector<run::BaselineEntry> entriesFor(const run::RunResult& result);

  static constexpr const char* kReasonPlaceholder = "TODO: why this failure is accepted";

 private:
  BaselineGate(BaselineOptions options, std::optional<run::Baseline> baseline,
               std::vector<std::string> stale)
      : options_(std::move(options)), baseline_(std::move(baseline)), stale_(std::move(stale)) {}

  BaselineOptions options_;
  std::optional<run::Baseline> baseline_;
  std::vector<std::string> stale_;
};

}  // namespace authreplay::cli
