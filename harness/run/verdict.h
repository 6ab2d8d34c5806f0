// The CI gate's verdict on a scenario: its run::Outcome seen through a baseline of known failures
// (run/baseline_file.h, applied by run/baseline_verdict.h after the run). The outcome says what
// happened; the verdict says what the gate makes of it. The classes follow the conformance suites
// that keep a gate green with known failures: cache-tests (http-tests/cache-tests,
// test-engine/lib/results.mjs: pass, fail, setup/harness fail, dependency fail) and pytest's
// xfail (an expected failure; a listed test that passes is XPASS, a failure under strict=True). A
// baseline lists failures, not errors: a scenario that could not run is never excused, because an
// unreachable or misconfigured target says nothing about the behaviour the scenario asserts.
#pragma once

#include <string>
#include <vector>

#include "scenario/source_ref.h"

namespace authreplay::run {

enum class Verdict {
  kPassed,
  kFailed,           // an unexpected failure: not in the baseline, or listed for another check
  kExpectedFailure,  // listed in the baseline, and failing as listed: does not fail the run
  kFixed,            // listed, but passed: remove it from the baseline (fails with strict)
  kCouldNotRun,      // the scenario could not run (Outcome::kError); never excused
  kSkipped,          // not attempted on this machine (Outcome::kSkipped)
  kNotApplicable,    // not attempted: the target lacks what it needs (Outcome::kNotApplicable)
};

// "passed", "failed", "expected failure", "fixed", "could not run", "skipped", "not applicable".
const char* toString(Verdict verdict);

// What the baseline says about one listed scenario, kept on its ScenarioResult.
struct BaselineMatch {
  Verdict verdict = Verdict::kFailed;
  std::string reason;  // the entry's reason, as the user wrote it
  std::string check;   // the check the entry names ("step 2 leg 1 substatus"); empty: any failure
  scenario::SourceRef entry;  // where the entry stands in the baseline file
  std::string note;           // for a listed scenario that is not excused: why not
};

// The baseline a run was judged against.
struct BaselineUse {
  std::string file;
  bool strict = false;  // --strict-baseline: a fixed scenario fails the run
  // Entries naming no loaded scenario ("file:line:col: scenario "x" ..."), shown as warnings.
  std::vector<std::string> staleEntries;
};

}  // namespace authreplay::run
