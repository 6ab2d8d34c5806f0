// Where the password comes from: `--password-env VAR`, `--password-file F`, or the target file's
// passwordEnv / passwordFile, in that order. Never from argv, never printed (DESIGN.md "Command
// line"). A named source that cannot be read is invalid input (exit 2), reported without the value.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "auth/secret.h"
#include "http/transfer.h"
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
std::optional<auth::Secret> resolvePassword(const PasswordOptions& options,
                                            const scenario::TargetCredentials& target);

// The credentials of each of TARGET's proxies that has some (proxyCredentials), passwords read.
// Throws PasswordError naming the proxy when one cannot be read.
std::map<std::string, http::ProxyCredentials> resolveProxyCredentials(
    const scenario::Target& target);

}  // namespace authreplay::run
