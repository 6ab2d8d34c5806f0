// The command line: `authreplay COMMAND [PATHS...] [OPTIONS]`. Parsing only; app.h acts on it.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/report_file.h"
#include "run/password_source.h"
#include "scenario/scenario_set.h"

namespace authreplay::cli {

enum class Command { kRun, kValidate, kList, kHelp, kVersion };

struct Options {
  Command command = Command::kHelp;
  std::vector<std::string> paths;  // default: scenarios
  scenario::ScenarioFilter filter;
  std::string targetUrl;
  std::string targetFile;
  std::string user;  // --user: overrides the target's credentials.user
  run::PasswordOptions password;
  std::vector<report::ReportFile> reports;
  bool verbose = false;
  bool showTokens = false;
  std::string caFile;
  bool insecure = false;
  std::optional<long> connectTimeoutMs;
  bool keepLab = false;  // --keep-lab: leave the embedded lab running after the run

  // Neither --target nor --target-file: `run` starts the embedded lab (embedded_lab.h).
  bool usesEmbeddedLab() const { return targetUrl.empty() && targetFile.empty(); }
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws UsageError with a message for the user.
Options parseOptions(const std::vector<std::string>& args);

const char* usageText();

}  // namespace authreplay::cli
