// The blocking driver of a browser profile (browser/profile.h): sends each leg the profile asks
// for through a Transport, one after the other, and gives the profile each leg's outcome, until it
// says the step is done. The benchmark drives the same profiles through libcurl's multi interface
// instead (bench/virtual_browser.h).
#pragma once

#include "browser/profile.h"
#include "http/transport.h"

namespace authreplay::run {

// Every leg of the step, in order. A transfer failure, or a profile that cannot go on, ends the
// step with TransferResult::error set (the legs before it are kept).
http::TransferResult driveStep(browser::Profile& profile, http::Transport& transport,
                               const http::TransferRequest& step);

}  // namespace authreplay::run
