// `--report html:FILE`: one self-contained page to read a run at a glance and to attach to a
// ticket. A summary table (scenario id, title, result, legs, time), then per scenario its facts,
// its error when it could not run, and per step a sequence diagram of its legs
// (html_sequence_diagram.h) with every failed expectation's actual and expected value and its
// file:line:col. Inline CSS and SVG only: no scripts, fonts or images from anywhere (a
// Content-Security-Policy says so to the browser), so the page opens offline and from a CI
// artifact store. Headers are shown with tokens shortened (token_display.h) unless --show-tokens.
#pragma once

#include <ostream>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

void writeHtmlReport(const run::RunResult& result, std::ostream& out, TokenDisplay display);

}  // namespace authreplay::report
