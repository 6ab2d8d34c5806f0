// Where the password comes from: `--password-env VAR`, `--password-file F`, or the target file's
// passwordEnv / passwordFile, in that order. Never from argv, never printed (DESIGN.md "Command
// line"). A named source that cannot be read is invalid input (exit 2), reported without the value.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "scenario/target.h"

namespace authreplay::run {

struct PasswordOptions {
  std::string env;   // --password-env
  std::string file;  // --password-file
};

class PasswordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// nullopt when no source is named at all. A file's single trailing newline is not part of it.
std::optional<std::string> resolvePassword(const PasswordOptions& options,
                                           const scenario::TargetCredentials& target);

}  // namespace authreplay::run
