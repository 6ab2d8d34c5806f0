// Judges a run against a baseline after it has run (the runner knows nothing of baselines): each
// listed scenario gets a BaselineMatch beside its unchanged Outcome (run/verdict.h).
//
// A listed scenario that failed is an expected failure when the entry names no check, or when the
// check it names is the scenario's first failing check and every other failing check is in the
// same step: later checks of a step follow from its first failure (a wrong status changes the
// number of legs and the user), as cache-tests reports a test whose dependency failed as
// "dependency failed", not as a failure of its own. A failure first elsewhere, or in another step,
// is a real failure. A listed scenario that passed is fixed; one that could not run stays an error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "run/baseline_file.h"
#include "run/results.h"

namespace authreplay::run {

BaselineMatch judge(const ScenarioResult& result, const BaselineEntry& entry);

// Sets RESULT.baseline when BASELINE lists it (and clears it otherwise).
void applyBaseline(ScenarioResult& result, const Baseline& baseline);

// Every scenario of RESULT, and RESULT.baseline (file, STRICT, STALE entries).
void applyBaseline(RunResult& result, const Baseline& baseline, bool strict,
                   std::vector<std::string> stale);

// The entries naming none of LOADED_IDS, as "file:line:col: ..." warnings. LOADED_IDS are every
// loaded scenario, not only the selected ones: a baseline for the whole library stays quiet when
// a run selects a few (--tag, --id).
std::vector<std::string> staleEntries(const Baseline& baseline,
                                      const std::vector<std::string>& loadedIds);

}  // namespace authreplay::run
