// What a scenario needs of its target, and what a given target lacks of it (issue 15). Most needs
// follow from what the scenario uses: the origins of its requests and recycles, its client's
// proxy, Kerberos when a `sent`, `proxySent` or `scheme` expects a Kerberos token, recycling
// when it recycles, the HTTPERR log when it expects an httpErrReason; the rest it states in
// "requires" (scenario.h Need). A scenario whose needs its target does not meet is "not
// applicable" there: it is not sent, and says why, rather than failing on the missing origin or
// the missing ticket (which would page someone for a setup, not a regression).
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::scenario {

// SCENARIO's needs: stated, then derived, each at the position that causes it; not deduplicated.
std::vector<Need> needsOf(const Scenario& scenario);

// What TARGET lacks of SCENARIO's needs, in words ("the target has no origin \"tls\""), each once,
// in the order of the needs; empty when TARGET can run SCENARIO.
std::vector<std::string> unmetNeeds(const Scenario& scenario, const Target& target);

}  // namespace authreplay::scenario
