// One step of a scenario as an inline SVG sequence diagram for the HTML report: lifelines for the
// client, the forward proxy (only when a leg went through one) and the server; per leg a request
// arrow (method and path, the Authorization in the scenario notation such as `NTLM/1`, the
// Content-Length sent, which connection and whether it was new) and a response arrow
// (status.substatus, reason, offered schemes). A leg with a failed expectation is drawn red with
// its actual and expected values. Every string from the wire is escaped (text/markup_escape.h).
#pragma once

#include <string>

#include "run/results.h"

namespace authreplay::report {

// The <svg> element for STEP. BROWSER labels the client lifeline ("curl", "ie11").
// The arrowheads refer to the markers of htmlDiagramDefinitions(), written once per page.
std::string htmlSequenceDiagram(const run::StepResult& step, const std::string& browser);

// A hidden <svg> with the <marker> definitions every diagram on the page shares.
std::string htmlDiagramDefinitions();

}  // namespace authreplay::report
