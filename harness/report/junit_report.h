// JUnit XML as CI servers read it (Jenkins, GitLab, Azure Pipelines, GitHub test reporters):
// testsuites / testsuite / testcase, a <failure> per failed scenario and an <error> per scenario
// that could not run, with the leg table in the message body.
#pragma once

#include <ostream>

#include "run/results.h"

namespace authreplay::report {

void writeJunitReport(const run::RunResult& result, std::ostream& out);

}  // namespace authreplay::report
