#include "cli/app.h"

#include <functional>

#include "browser/browser_catalogue.h"
#include "cli/bench_command.h"
#include "cli/embedded_lab.h"
#include "cli/exit_codes.h"
#include "cli/lab_locator.h"
#include "cli/options.h"
#include "cli/target_selection.h"
#include "http/curl_global.h"
#include "report/console_reporter.h"
#include "report/report_file.h"
#include "run/runner.h"
#include "scenario/target_compatibility.h"
#include "scenario/target_file.h"

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
std::optional<std::vector<scenario::Scenario>> loadSelected(const Options& options,
                                                            std::ostream& err) {
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
    err << loaded.errors.size() << " invalid scenario file"
        << (loaded.errors.size() == 1 ? "" : "s") << ": nothing was run\n";
    return std::nullopt;
  }
  return scenario::select(std::move(loaded.scenarios), options.filter);
}

// Prints every expectation of SCENARIOS that TARGET cannot check (substatus against a non-IIS
// server: scenario/target_compatibility.h) with its position; false when there was one. `validate`
// and `run` then exit 2, `run` before sending anything: a check that cannot pass is invalid input.
bool checkableOn(const scenario::Target& target, const std::vector<scenario::Scenario>& scenarios,
                 std::ostream& err, const char* consequence) {
  const auto errors = scenario::uncheckableExpectations(scenarios, target);
  for (const auto& error : errors)
    err << error.what() << "\n";
  if (!errors.empty()) {
    err << errors.size() << " expectation" << (errors.size() == 1 ? "" : "s")
        << " cannot be checked against this target" << consequence << "\n";
  }
  return errors.empty();
}

int validate(const Options& options, std::ostream& out, std::ostream& err) {
  const auto scenarios = loadSelected(options, err);
  bool ok = scenarios.has_value();
  if (!options.targetFile.empty()) {
    const auto target = loadTarget(selectionOf(options), err);
    ok = target.has_value() && ok;
    if (ok)
      ok = checkableOn(*target, *scenarios, err, "");
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
int runScenarios(
    const Options& options, const std::vector<scenario::Scenario>& scenarios, std::ostream& out,
    std::ostream& err, const std::function<bool()>& interrupted = [] { return false; }) {
  auto target = loadTarget(selectionOf(options), err);
  if (!target || !checkableOn(*target, scenarios, err, ": nothing was sent"))
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
  run::RunListener listener;
  listener.scenarioFinished = [&](const run::ScenarioResult& r) { console.scenarioFinished(r); };
  const auto result = runner.runAll(scenarios, listener);
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
  if (result.count(run::Outcome::kError) > 0)
    return kCouldNotRun;
  if (result.count(run::Outcome::kFailed) > 0)
    return code == kAllPassed ? kExpectationFailed : code;
  return code;
}

// No target given: the lab of fixtures/lab, started for this run only (embedded_lab.h).
int runEmbedded(Options options, const std::vector<scenario::Scenario>& scenarios,
                std::ostream& out, std::ostream& err) {
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
  const int code = runScenarios(options, scenarios, out, err, [&lab] { return lab.interrupted(); });
  lab.stop();  // explicitly, so its messages come before the process exits with CODE
  return code;
}

int runCommand(const Options& options, std::ostream& out, std::ostream& err) {
  // Scenarios are checked before any lab starts: invalid input costs nothing.
  const auto scenarios = loadSelected(options, err);
  if (!scenarios)
    return kInvalidInput;
  if (scenarios->empty()) {
    err << "error: no scenario matches the selection\n";
    return kInvalidInput;
  }
  if (options.usesEmbeddedLab())
    return runEmbedded(options, *scenarios, out, err);
  return runScenarios(options, *scenarios, out, err);
}

}  // namespace

int runApp(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
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
      http::ensureCurlGlobalInit();
      return runCommand(options, out, err);
  }
  return kInvalidInput;
}

}  // namespace authreplay::cli
