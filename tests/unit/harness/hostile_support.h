// What the hostile-input tests (issue 12) share: this process's peak memory, and the temporary
// folder (tests/support).
#pragma once

#include "../../support/process_stats.h"
#include "temp_folder.h"
