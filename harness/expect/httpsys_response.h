// Whether HTTP.sys answered a request itself (IIS-FACTS.md §3): its error responses carry
// `Server: Microsoft-HTTPAPI/2.0` (IIS's own say `Microsoft-IIS/10.0`) and its fixed page
// ("<h2>Bad Request - Header Field Too Long</h2> ... HTTP Error 400. ..."). Such a request never
// reached IIS: it has no W3C log line, and its HTTPERR line says why (expect/httperr_log.h).
#pragma once

#include "http/exchange.h"

namespace authreplay::expect {

bool answeredByHttpSys(const http::RecordedResponse& response);

}  // namespace authreplay::expect
