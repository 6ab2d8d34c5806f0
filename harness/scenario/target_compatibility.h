// What a scenario expects that its target cannot check, found before anything is sent. IIS's
// substatus and win32 status exist only on IIS (IIS-FACTS.md §1: read from its detailed error page
// or its W3C log); a target whose substatus.source is "none" (Apache, nginx, Kestrel, ...:
// docs/non-iis-servers.md) can never confirm them, and a check that can never pass is a mistake in
// the choice of scenarios, not a finding about the server. `validate --target-file` and `run`
// report these as invalid input (exit 2), each at its position in the scenario file.
#pragma once

#include <vector>

#include "json/source_document.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::scenario {

// Every expectation of SCENARIOS that TARGET cannot check, in the order of their positions, as
// "file:line:col: message" errors: substatus and win32Status (of a leg or of a step's final leg)
// when TARGET has no substatus source; and every "bodyFile" outside its scenario's folder unless
// TARGET allows them (Target::bodyFilesOutsideScenario). Empty when everything can be checked.
std::vector<json::SourceError> uncheckableExpectations(const std::vector<Scenario>& scenarios,
                                                       const Target& target);

}  // namespace authreplay::scenario
