// A forward proxy's own 5xx: the proxy could not reach (or get an answer from) the server behind
// it, and says so itself (squid's error pages carry X-Squid-Error, e.g. ERR_CONNECT_FAIL 111;
// RFC 9209's Proxy-Status names the error; or the proxy's own Server header). Such a leg says
// nothing about the server: the scenario could not run (issue 15: a dead server behind a proxy
// made squid's 503 a failed expectation).
#pragma once

#include <optional>
#include <string>

#include "expect/leg_observation.h"

namespace authreplay::expect {

// Why LEG is its forward proxy's own 5xx ("the proxy answered 503 itself (X-Squid-Error:
// ERR_CONNECT_FAIL 111): the server behind it could not be reached"); nullopt otherwise.
std::optional<std::string> proxyOwnFailure(const LegObservation& leg);

}  // namespace authreplay::expect
