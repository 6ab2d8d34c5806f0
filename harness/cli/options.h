// The command line: `authreplay COMMAND [PATHS...] [OPTIONS]`. Parsing only; app.h acts on it.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/baseline_options.h"
#include "cli/target_options.h"
#include "report/report_file.h"
#include "run/password_source.h"
#include "scenario/scenario_set.h"

namespace authreplay::cli {

enum class Command { kRun, kValidate, kList, kHelp, kVersion, kBaselineWrite };

// The target options (target_options.h) are shared with `bench`.
struct Options : TargetOptions {
  Command command = Command::kHelp;
  std::vector<std::string> paths;  // default: scenarios
  scenario::ScenarioFilter filter;
  std::vector<report::ReportFile> reports;
  bool verbose = false;
  bool showTokens = false;
  std::optional<long> connectTimeoutMs;
  // --require-all: a scenario the target cannot run is invalid input, not "not applicable".
  bool requireAll = false;
  BaselineOptions baseline;  // --baseline, --strict-baseline; `baseline write FILE`
};

// Throws UsageError with a message for the user.
Options parseOptions(const std::vector<std::string>& args);

std::string usageText();

}  // namespace authreplay::cli
