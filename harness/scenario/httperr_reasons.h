// The reason phrases HTTP.sys writes in the HTTPERR log's s-reason field (Microsoft, "Types of
// Errors Logged by the HTTP Server API"; KB 820729): the values an httpErrReason expectation may
// name, so that a typo ("FieldLenght") is an error with a did-you-mean, not a check that can never
// pass.
#pragma once

#include <string>
#include <vector>

namespace authreplay::scenario {

const std::vector<std::string>& httpErrReasons();

}  // namespace authreplay::scenario
