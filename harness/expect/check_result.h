// The outcome of one expectation: what was expected, what happened, and where the expectation
// stands in the scenario file (Hurl's AssertResult). Reporters only read these.
#pragma once

#include <string>

#include "scenario/source_ref.h"

namespace authreplay::expect {

struct CheckResult {
  std::string
      subject;  // "status", "substatus", "offers", "sent", "connection", "header Server", ...
  int leg = 0;  // 1-based leg the check is about; 0 for the step's outcome
  bool passed = false;
  std::string expected;
  std::string actual;
  std::string note;  // e.g. why the actual value is unknown
  scenario::SourceRef where;
  // Failed only because the target could not tell the value (a substatus with no detailed error
  // page and no W3C log line): a gap in the evidence, not a finding about the server.
  bool evidenceMissing = false;
};

}  // namespace authreplay::expect
