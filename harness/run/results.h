// The result tree of a run (after Hurl's EntryResult/AssertResult): RunResult -> ScenarioResult ->
// StepResult -> legs (expect::LegObservation) and checks (expect::CheckResult). The runner builds
// it; reporters (console, JUnit, JSON, later HTML) only read it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "expect/check_result.h"
#include "expect/leg_observation.h"
#include "run/verdict.h"

namespace authreplay::run {

enum class Outcome {
  kPassed,  // every expectation held
  kFailed,  // an expectation did not hold
  kError,   // the scenario could not run (target unreachable, TLS failure, recycle failed, ...)
  // Not attempted: this machine's client cannot replay it (e.g. the `curl` profile with NTLM on a
  // libcurl without NTLM, http/libcurl_ntlm.h). Neither a pass nor a failure; the exit code
  // ignores it, as GoogleTest's GTEST_SKIP() does.
  kSkipped,
  // Not attempted: the target lacks what the scenario needs (an origin, a proxy, Kerberos
  // credentials, recycling: scenario/scenario_requirements.h). A finding about the setup, not
  // about the server's behaviour: the exit code ignores it (`run --require-all` refuses instead).
  kNotApplicable,
};

const char* toString(Outcome outcome);

struct StepResult {
  int index = 0;     // 1-based
  std::string name;  // from the scenario; may be empty
  std::string kind;  // "request" or "recycle"
  std::string method;
  std::string url;
  std::vector<expect::LegObservation> legs;
  std::vector<expect::CheckResult> checks;
  std::optional<std::string> error;  // why the step could not run
  // What the browser did that the legs do not show (browser::Profile::takeNotes): "Kerberos
  // failed: ...; the browser fell back to NTLM".
  std::vector<std::string> browserNotes;
  std::chrono::microseconds duration{0};

  bool passed() const;
};

struct ScenarioResult {
  std::string id;
  std::string title;
  std::string file;
  std::string source;
  // Why the scenario matters, what the operator sees and the fix: shown with every report.
  std::string description;
  std::vector<std::string> tags;
  std::string browser;
  Outcome outcome = Outcome::kPassed;
  // For kNotApplicable: what the target lacks ("the target has no origin \"tls\"; ...").
  std::string notApplicableReason;
  std::string error;       // for kError: the first step error
  std::string skipReason;  // for kSkipped: why, e.g. "libcurl 7.88.1 has no NTLM (...)"
  std::vector<StepResult> steps;
  std::chrono::microseconds duration{0};
  std::chrono::system_clock::time_point started;
  // Set by run::applyBaseline for a scenario the baseline lists; the outcome above is unchanged.
  std::optional<BaselineMatch> baseline;

  // The gate's verdict: the baseline's for a listed scenario, else the outcome's.
  Verdict verdict() const;
};

struct RunResult {
  std::string targetName;
  std::chrono::system_clock::time_point started;
  std::chrono::microseconds duration{0};
  std::vector<ScenarioResult> scenarios;

  std::optional<BaselineUse> baseline;  // when the run was judged against --baseline

  std::size_t count(Outcome outcome) const;
  std::size_t count(Verdict verdict) const;
};

}  // namespace authreplay::run
