// Checks a step's expectations against the legs observed for it.
#pragma once

#include <span>
#include <vector>

#include "expect/check_result.h"
#include "expect/leg_observation.h"
#include "expect/user_name_match.h"
#include "scenario/expectation.h"

namespace authreplay::expect {

// PREVIOUS is the last leg of the scenario before this step (nullptr for the first step): "same"
// connection on a step's first leg means that leg's connection. USER_ALIASES (the target's
// credentials.userAliases) are the other names the expected user may be reported by.
std::vector<CheckResult> checkStep(const scenario::StepExpectations& expect,
                                   std::span<const LegObservation> legs,
                                   const LegObservation* previous,
                                   const UserAliases& userAliases = {});

}  // namespace authreplay::expect
