// The credentials a scenario's client holds on a target: the target's user and password (unless
// the scenario says "none", or "wrongPassword": the real one with something appended) and its
// Kerberos ccache or keytab. Shared by the runner and the benchmark.
#pragma once

#include <optional>
#include <string>

#include "auth/secret.h"
#include "browser/profile.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::browser {

// ERROR is set (and the credentials are incomplete) when the client needs a password or user the
// target does not give; the message says how to give it.
ClientCredentials clientCredentials(const scenario::Client& client,
                                    const scenario::TargetCredentials& target,
                                    const std::optional<auth::Secret>& password,
                                    std::string& error);

}  // namespace authreplay::browser
