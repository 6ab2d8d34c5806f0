// What is wrong with a target's own setup, found before anything is sent (issue 15): a W3C log or
// HTTPERR folder that does not exist, nor the folder above it (every substatus check would
// otherwise wait out its timeout and fail, not saying the folder is absent), and a flush or fetch
// command whose program is not found. `validate --target-file` and `run` report them as invalid
// input (exit 2).
#pragma once

#include <string>
#include <vector>

#include "scenario/target.h"

namespace authreplay::scenario {

// Every such problem of TARGET, in words naming the setting ("substatus.w3cLog.directory
// /mnt/iis/logs does not exist"); empty when there is none.
std::vector<std::string> targetSetupProblems(const Target& target);

}  // namespace authreplay::scenario
