// iis-sim's unit tests use the shared temporary folder of tests/support.
#pragma once

#include "../../support/temp_folder.h"

namespace iissim::testing {
using authreplay::testing::TempFolder;
}  // namespace iissim::testing
