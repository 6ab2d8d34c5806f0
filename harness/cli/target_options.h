// The options every command that talks to a target shares (`run`, `validate`, `bench`): where the
// target is, who the user is and where the password comes from (never from argv: DESIGN.md
// "Command line"), TLS, and the embedded lab. Parsed in one place, so the commands agree.
#pragma once

#include <string>

#include "cli/arg_reader.h"
#include "run/password_source.h"

namespace authreplay::cli {

struct TargetOptions {
  std::string targetUrl;          // --target
  std::string targetFile;         // --target-file
  std::string user;               // --user: overrides the target's credentials.user
  run::PasswordOptions password;  // --password-env / --password-file
  std::string caFile;             // --cacert
  bool insecure = false;          // --insecure: only when asked for
  bool keepLab = false;           // --keep-lab: leave the embedded lab running afterwards

  // Neither --target nor --target-file: the command starts the embedded lab (embedded_lab.h).
  bool usesEmbeddedLab() const { return targetUrl.empty() && targetFile.empty(); }
};

// Applies the reader's current option when it is one of the shared ones (reading its value);
// false when it is not. Throws UsageError for a refused or malformed one (--password, --user a:b).
bool parseTargetOption(ArgReader& reader, TargetOptions& options);

// The checks across options: not both --target and --target-file; --keep-lab only with the lab.
void checkTargetOptions(const TargetOptions& options);

// The usage lines of the shared options.
const char* targetOptionsUsage();

}  // namespace authreplay::cli
