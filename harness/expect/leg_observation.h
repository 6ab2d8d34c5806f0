// What the harness observed about one leg, derived from its http::Exchange: the facts expectations
// are checked against and reports show (status.substatus, offers, Authorization scheme and message
// type, Content-Length sent, connection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/exchange.h"
#include "scenario/authorization_pattern.h"

namespace authreplay::expect {

struct LegObservation {
  http::Exchange exchange;
  scenario::AuthorizationPattern authorization;                         // what the request carried
  scenario::AuthorizationPattern proxyAuthorization{true, {}, {}, {}};  // Proxy-Authorization
  bool viaProxy = false;  // the leg went through a forward proxy (exchange.proxy names it)
  std::vector<std::string> offers;  // WWW-Authenticate schemes, in header order
  std::int64_t contentLength = 0;   // Content-Length announced (the body size when absent)
  // "HTTP/1.1", "HTTP/2": the response's protocol, else the request's (a reset stream's leg).
  std::string httpVersion;

  // From the detailed error page and/or the W3C log (target "substatus.source").
  std::optional<int> substatus;
  std::optional<std::uint32_t> win32Status;
  std::string substatusSource;  // "error page", "W3C log", "status" (a 1xx-3xx has substatus 0)
  std::string substatusNote;    // why they are unknown, or how the sources disagreed
  // False when the target has no substatus source (substatus.source "none": any server that is not
  // IIS, docs/non-iis-servers.md): there is no substatus to be unknown, so reports show the status
  // alone ("401", not "401.?") and substatusSource is "none".
  bool substatusApplies = true;
  // HTTP.sys answered this leg itself (expect/httpsys_response.h): it never reached IIS, so it has
  // no W3C log line and no IIS substatus; the HTTPERR log says why.
  bool answeredByHttpSys = false;
  // s-reason of the leg's HTTPERR line ("FieldLength", "RequestLength", ...; target
  // substatus.httpErrLog); nullopt when not read, with httpErrNote saying why.
  std::optional<std::string> httpErrReason;
  std::string httpErrNote;
  // Who the request authenticated as ("" = anonymous): cs-username from the W3C log, else an
  // identity page's JSON {"user": ...}; nullopt when neither says.
  std::optional<std::string> user;
};

// Observation without substatus: authorization, offers, content length. Substatus and user are
// filled by the runner from the sources the target names (substatus_source.h).
LegObservation observe(http::Exchange exchange);

// "401.2", "200", "401.?" when the substatus is unknown, "401" when the target has no substatus
// (substatusApplies false: not IIS), "400" when HTTP.sys answered itself and "407" from a proxy
// (no IIS substatus exists), "reset HTTP_1_1_REQUIRED" when the server reset the leg's HTTP/2 stream, "---" when no
// response arrived.
std::string statusLabel(const LegObservation& leg);

}  // namespace authreplay::expect
