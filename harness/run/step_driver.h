// The blocking driver of a browser profile (browser/profile.h): sends each leg the profile asks
// for through a Transport, one after the other, and gives the profile each leg's outcome, until it
// says the step is done. The benchmark drives the same profiles through libcurl's multi interface
// instead (bench/virtual_browser.h).
#pragma once

#include <string>

#include "browser/profile.h"
#include "http/transport.h"

namespace authreplay::run {

// Every leg of the step, in order. A transfer failure, or a profile that cannot go on, ends the
// step with TransferResult::error set (the legs before it are kept). With TRANSFER_PARAMETER set
// (expect::transferParameter of the target's log marker), each transfer's URL gets
// "<parameter>=<n>", its number within the step from 1: the W3C log lines of a step whose legs
// reached different servers are then put back in the order they were sent (one more query
// parameter, like the marker itself: IIS authenticates connections, not URLs).
http::TransferResult driveStep(browser::Profile& profile, http::Transport& transport,
                               const http::TransferRequest& step,
                               const std::string& transferParameter = {});

}  // namespace authreplay::run
