// Which target a command runs against: --target-file FILE or --target URL, then the flags that
// override what the target says (--user, --cacert, --insecure, --connect-timeout). Shared by
// `run`, `validate` and `bench`, so they read targets and report mistakes the same way.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "cli/target_options.h"
#include "scenario/target.h"

namespace authreplay::cli {

struct TargetSelection {
  std::string file;  // --target-file
  std::string url;   // --target
  // `bench` takes only an origin (its request path is --path); `run` accepts a base path too.
  bool originOnly = false;
  std::string user;    // --user: overrides credentials.user
  std::string caFile;  // --cacert
  bool insecure = false;
  std::optional<std::chrono::milliseconds> connectTimeout;
};

// The selection the shared target options (target_options.h) make.
TargetSelection selectionOf(const TargetOptions& options);

// The target, or nullopt after writing a `file:line:col: message` or `error: ...` line to ERR
// (the caller exits 2: invalid input).
std::optional<scenario::Target> loadTarget(const TargetSelection& selection, std::ostream& err);

}  // namespace authreplay::cli
