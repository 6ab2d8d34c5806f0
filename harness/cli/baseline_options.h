// The CI gate's options (issue 11): `run --baseline FILE [--strict-baseline]`, and the
// `baseline write FILE [--force]` command that writes such a file from a run. Parsed here, apart
// from the other options, so that `run` and `baseline write` share them (options.cpp).
#pragma once

#include <string>

#include "cli/arg_reader.h"

namespace authreplay::cli {

struct BaselineOptions {
  std::string file;       // --baseline FILE: known failures, judged after the run
  bool strict = false;    // --strict-baseline: a listed scenario that passes fails the run
  std::string writeFile;  // `baseline write FILE`
  bool force = false;     // --force: `baseline write` may overwrite FILE
  bool sawWrite = false;  // parsing state: the word after `baseline` was `write`
};

// Applies the reader's current option when it is one of the above; false when it is not.
bool parseBaselineOption(ArgReader& reader, BaselineOptions& options);

// The words after the `baseline` command: `write`, then FILE. True when ARG was one of them; false
// when it is a scenario path (after FILE). Throws UsageError for another sub-command.
bool takeBaselineWord(const std::string& arg, BaselineOptions& options);

// Across options: --strict-baseline needs --baseline; --force only with `baseline write`, which
// needs its FILE.
void checkBaselineOptions(const BaselineOptions& options, bool writing);

// The usage lines of these options.
const char* baselineOptionsUsage();

}  // namespace authreplay::cli
