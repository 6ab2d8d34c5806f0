#include "cli/baseline_options.h"

namespace authreplay::cli {

bool parseBaselineOption(ArgReader& reader, BaselineOptions& options) {
  const std::string& name = reader.name();
  if (name == "--baseline") {
    options.file = reader.value();
    if (options.file.empty())
      throw UsageError("--baseline needs a file");
  } else if (name == "--strict-baseline") {
    options.strict = true;
  } else if (name == "--force") {
    options.force = true;
  } else {
    return false;
  }
  return true;
}

bool takeBaselineWord(const std::string& arg, BaselineOptions& options) {
  if (!options.sawWrite) {
    if (arg != "write") {
      throw UsageError("unknown baseline command \"" + arg +
                       "\" (expected: authreplay baseline write FILE [PATHS...])");
    }
    options.sawWrite = true;
    return true;
  }
  if (options.writeFile.empty()) {
    options.writeFile = arg;
    return true;
  }
  return false;
}

void checkBaselineOptions(const BaselineOptions& options, bool writing) {
  if (writing && options.writeFile.empty())
    throw UsageError("baseline write needs the FILE to write (authreplay baseline write FILE)");
  if (options.strict && options.file.empty())
    throw UsageError("--strict-baseline needs --baseline FILE");
  if (options.force && !writing)
    throw UsageError("--force only applies to `authreplay baseline write`");
}

const char* baselineOptionsUsage() {
  return R"(  --baseline FILE      judge the run against FILE's known failures: a listed failure is
                       reported as expected and does not fail the run (docs/scenario-format.md)
  --strict-baseline    a listed scenario that now passes ("fixed") fails the run
  --force              `baseline write`: overwrite an existing FILE
)";
}

}  // namespace authreplay::cli
