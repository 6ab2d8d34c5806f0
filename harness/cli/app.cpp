#include "cli/app.h"

#include <functional>
#include <set>

#include "browser/browser_catalogue.h"
#include "cli/baseline_gate.h"
#include "cli/bench_command.h"
#include "cli/embedded_lab.h"
#include "cli/exit_codes.h"
#include "cli/lab_locator.h"
#include "cli/options.h"
#include "cli/progress_line.h"
#include "cli/target_selection.h"
#include "http/curl_global.h"
#include "report/console_reporter.h"
#include "report/report_file.h"
#include "run/runner.h"
#include "scenario/scenario_requirements.h"
#include "scenario/target_compatibility.h"
#include "scenario/target_file.h"
#include "scenario/target_preflight.h"

#ifndef AUTHREPLAY_VERSION
#define AUTHREPLAY_VERSION "0.0.0"
#endif

namespace authreplay::cli {

namespace {

TargetSelection selectionOf(const Options& options) {
  TargetSelection selection = cli::selectionOf(static_cast<const TargetOptions&>(options));
  if (options.connectTimeoutMs)
    selection.connectTimeout = std::chrono::milliseconds(*options.connectTimeoutMs);
  return selection;
}

// Loads and selects scenarios; prints every load error. nullopt when anything was invalid.
// LOADED_IDS, when given, receives the id of every loaded scenario, selected or not.
std::optional<std::vector<scenario::Scenario>> loadSelected(
    const Options& options, std::ostream& err, std::vector<std::string>* loadedIds = nullptr) {
  std::vector<std::filesystem::path> files;
  try {
    files = scenario::findScenarioFiles(options.paths);
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return std::nullopt;
  }
  auto loaded = scenario::loadScenarios(files, browser::catalogue());
  for (const auto& error : loaded.errors)
    err << error.what() << "\n";
  if (!loaded.errors.empty()) {
    std::set<std::string> invalidFiles;
    for (const auto& error : loaded.errors)
      invalidFiles.insert(error.file());
    err << loaded.errors.size() << " error" << (loaded.errors.size() == 1 ? "" : "s") << " in "
        << invalidFiles.size() << " scenario file" << (invalidFiles.size() == 1 ? "" : "s")
        << ": nothing was run\n";
    return std::nullopt;
  }
  if (loadedIds) {
    for (const auto& s : loaded.scenarios)
      loadedIds->push_back(s.id);
  }
  return scenario::select(std::move(loaded.scenarios), options.filter);
}

// Prints every expectation of SCENARIOS that TARGET cannot check (substatus against a non-IIS
// server: scenario/target_compatibility.h) with its position; false when there was one. `validate`
// and `run` then exit 2, `run` before sending anything: a check that cannot pass is invalid input.
// Also every problem of the target's own setup (a log folder that does not exist, a log command
// whose program is not found: scenario/target_preflight.h), and, with --require-all, every
// scenario the target lacks something for (scenario/scenario_requirements.h).
bool checkableOn(const scenario::Target& target, const std::vector<scenario::Scenario>& scenarios,
                 bool requireAll, std::ostream& err, const char* consequence) {
  const auto errors = scenario::uncheckableExpectations(scenarios, target);
  for (const auto& error : errors)
    err << error.what() << "\n";
  if (!errors.empty()) {
    err << errors.size() << " expectation" << (errors.size() == 1 ? "" : "s")
        << " cannot be checked against this target" << consequence << "\n";
  }
  const auto setup = scenario::targetSetupProblems(target);
  for (const auto& problem : setup)
    err << "error: the target file: " << problem << consequence << "\n";
  bool allApplicable = true;
  if (requireAll) {
    for (const auto& s : scenarios) {
      const auto unmet = scenario::unmetNeeds(s, target);
      for (const auto& reason : unmet)
        err << s.where.location() << ": scenario " << s.id << " cannot run here: " << reason
            << "\n";
      allApplicable = allApplicable && unmet.empty();
    }
    if (!allApplicable)
      err << "--require-all: the target lacks what some scenarios need" << consequence << "\n";
  }
  return errors.empty() && setup.empty() && allApplicable;
}

// The scenarios TARGET lacks something for, each with what (`validate --target-file`): they
// would be reported as not applicable.
void listNotApplicable(const scenario::Target& target,
                       const std::vector<scenario::Scenario>& scenarios, std::ostream& out) {
  std::size_t count = 0;
  for (const auto& s : scenarios) {
    const auto unmet = scenario::unmetNeeds(s, target);
    if (unmet.empty())
      continue;
    ++count;
    std::string reasons;
    for (const auto& reason : unmet)
      reasons += (reasons.empty() ? "" : "; ") + reason;
    out << "not applicable on this target: " << s.id << " (" << s.where.location()
        << "): " << reasons << "\n";
  }
  if (count > 0) {
    out << count << " scenario" << (count == 1 ? "" : "s")
        << " not applicable on this target (run reports them so; --require-all refuses)\n";
  }
}

int validate(const Options& options, std::ostream& out, std::ostream& err) {
  std::vector<std::string> loadedIds;
  const auto scenarios = loadSelected(options, err, &loadedIds);
  bool ok = scenarios.has_value();
  if (!options.baseline.file.empty())  // the baseline too, with its stale entries
    ok = BaselineGate::prepare(options.baseline, loadedIds, err).has_value() && ok;
  if (!options.targetFile.empty()) {
    const auto target = loadTarget(selectionOf(options), err);
    ok = target.has_value() && ok;
    if (ok)
      ok = checkableOn(*target, *scenarios, options.requireAll, err, "");
    if (ok)
      listNotApplicable(*target, *scenarios, out);
  }
  if (!ok)
    return kInvalidInput;
  out << scenarios->size() << " scenario" << (scenarios->size() == 1 ? "" : "s") << " valid\n";
  return kAllPassed;
}

int list(const Options& options, std::ostream& out, std::ostream& err) {
  const auto scenarios = loadSelected(options, err);
  if (!scenarios)
    return kInvalidInput;
  for (const auto& s : *scenarios) {
    std::string tags;
    for (const auto& tag : s.tags)
      tags += (tags.empty() ? "" : ",") + tag;
    out << s.id << "\t" << (tags.empty() ? "-" : tags) << "\t" << s.title << "\n";
  }
  return kAllPassed;
}

// Runs SCENARIOS against the target OPTIONS name: console lines, report files, the exit code.
// INTERRUPTED (the embedded lab's) says a signal cut the run short: no reports are written then.
// GATE judges the results against --baseline and writes `baseline write`'s file (baseline_gate.h).
int runScenarios(
    const Options& options, const std::vector<scenario::Scenario>& scenarios,
    const BaselineGate& gate, std::ostream& out, std::ostream& err, const Terminal& terminal,
    const std::function<bool()>& interrupted = [] { return false; }) {
  auto target = loadTarget(selectionOf(options), err);
  if (!target || !checkableOn(*target, scenarios, options.requireAll, err, ": nothing was sent"))
    return kInvalidInput;
  run::RunnerOptions runnerOptions;
  try {
    runnerOptions.password = run::resolvePassword(options.password, target->credentials);
  } catch (const run::PasswordError& e) {
    err << "error: " << e.what() << "\n";
    return kInvalidInput;
  }
  runnerOptions.target = std::move(*target);

  const report::TokenDisplay tokens{options.showTokens};
  report::ConsoleReporter console(out, {options.verbose, tokens});
  run::Runner runner(std::move(runnerOptions));
  ProgressLine progress(terminal.progress, terminal.width);
  run::RunListener listener;
  listener.scenarioStarted = [&](const scenario::Scenario& s, std::size_t index,
                                 std::size_t total) { progress.sending(index, total, s.id); };
  listener.logWait = [&](const expect::LogWaitStatus& status) {
    progress.waitingForLog(status.legsWaiting, status.legsTotal, status.left);
  };
  // Called once a scenario is judged: with a W3C log, after the run's one wait for it.
  listener.scenarioFinished = [&](const run::ScenarioResult& r) {
    progress.clear();
    console.scenarioFinished(gate.judged(r));
  };
  auto result = runner.runAll(scenarios, listener);
  progress.clear();
  gate.apply(result);
  console.summary(result);

  int code = kAllPassed;
  for (const auto& file : options.reports) {
    if (interrupted())
      break;
    try {
      report::writeReportFile(file, result, tokens);
    } catch (const std::exception& e) {
      err << "error: " << e.what() << "\n";
      code = kCouldNotRun;
    }
  }
  if (interrupted())  // cut short: no baseline is written from a partial run
    return code;
  return gate.conclude(result, code, out, err);
}

// No target given: the lab of fixtures/lab, started for this run only (embedded_lab.h).
int runEmbedded(Options options, const std::vector<scenario::Scenario>& scenarios,
                const BaselineGate& gate, std::ostream& out, std::ostream& err,
                const Terminal& terminal) {
  LabTools tools;
  try {
    tools = locateLabTools(LabSearch::forThisProcess());
  } catch (const LabNotFound& e) {
    err << "error: " << e.what() << "\n";
    return kCouldNotRun;
  }
  EmbeddedLab lab({tools, options.keepLab, options.verbose}, err);
  try {
    lab.start();
  } catch (const LabStartError& e) {
    // Cut short by a signal: the interrupt thread has said so and exits with 128 + the signal.
    if (!lab.interrupted())
      err << "error: " << e.what() << (std::string_view(e.what()).ends_with('\n') ? "" : "\n");
    return kCouldNotRun;
  }
  options.targetFile = lab.targetFile().string();
  const int code = runScenarios(options, scenarios, gate, out, err, terminal,
                                [&lab] { return lab.interrupted(); });
  lab.stop();  // explicitly, so its messages come before the process exits with CODE
  return code;
}

int runCommand(const Options& options, std::ostream& out, std::ostream& err,
               const Terminal& terminal) {
  // Scenarios are checked before any lab starts: invalid input costs nothing.
  std::vector<std::string> loadedIds;
  const auto scenarios = loadSelected(options, err, &loadedIds);
  if (!scenarios)
    return kInvalidInput;
  if (scenarios->empty()) {
    err << "error: no scenario matches the selection\n";
    return kInvalidInput;
  }
  const auto gate = BaselineGate::prepare(options.baseline, loadedIds, err);
  if (!gate)
    return kInvalidInput;
  // A report that could not be written would be found only after the whole run.
  bool writable = true;
  for (const auto& file : options.reports) {
    if (const auto reason = report::unwritableReason(file)) {
      err << "error: " << *reason << ": nothing was sent\n";
      writable = false;
    }
  }
  if (!writable)
    return kInvalidInput;
  if (options.usesEmbeddedLab())
    return runEmbedded(options, *scenarios, *gate, out, err, terminal);
  return runScenarios(options, *scenarios, *gate, out, err, terminal);
}

}  // namespace

int runApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const Terminal& terminal) {
  // `bench` has options of its own (cli/bench_options.h), parsed by its command.
  if (!args.empty() && args.front() == "bench")
    return runBenchCommand({args.begin() + 1, args.end()}, out, err);
  Options options;
  try {
    options = parseOptions(args);
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n\n" << usageText();
    return kInvalidInput;
  }
  switch (options.command) {
    case Command::kHelp:
      out << usageText();
      return kAllPassed;
    case Command::kVersion:
      out << "authreplay " << AUTHREPLAY_VERSION << "\n"
          << http::curlVersion() << "\n"
          << "libcurl authentication: " << http::curlAuthFeatures() << "\n";
      return kAllPassed;
    case Command::kValidate:
      return validate(options, out, err);
    case Command::kList:
      return list(options, out, err);
    case Command::kRun:
    case Command::kBaselineWrite:  // runs like `run`, then writes the baseline (baseline_gate.h)
      http::ensureCurlGlobalInit();
      return runCommand(options, out, err, terminal);
  }
  return kInvalidInput;
}

}  // namespace authreplay::cli
