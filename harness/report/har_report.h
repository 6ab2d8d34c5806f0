// `--report har:FILE`: the run as an HTTP Archive 1.2 (http://www.softwareishard.com/blog/
// har-12-spec/), the format Fiddler (File > Import Sessions > HTTPArchive), Chrome DevTools
// (Network > Import HAR) and Microsoft support read. One entry per leg, the 401s of every
// handshake included, as Fiddler records them (har_entry.h); one page per step (below).
//
// Pages: one per request step, titled "<scenario id> step N: <name>". A step is what a browser
// user sees as one page load (the request and every leg of its handshake), so a HAR viewer's
// page group and waterfall then show one handshake, its legs in order on one time axis; a page per
// scenario would put recycles and unrelated requests on that axis, and one flat list (no pages)
// loses which legs belong together in consumers that group (Chrome's "page" filter, HAR viewers).
// Fiddler ignores pages and lists the entries; each entry's `comment` names scenario, step and leg.
//
// `connection` is "<scenario index>:<libcurl connection number>": each scenario has its own
// libcurl handle and connection cache (http::Client), whose numbers restart at 0, so the pair is
// unique per TCP connection across the run; the client port is in _authreplay.connection.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

nlohmann::ordered_json harReport(const run::RunResult& result, TokenDisplay display);

// Writes harReport as UTF-8 JSON (HAR 1.2 "HAR Data Structure": UTF-8, nothing else).
void writeHarReport(const run::RunResult& result, std::ostream& out, TokenDisplay display);

}  // namespace authreplay::report
