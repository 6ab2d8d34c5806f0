#include "lab_test.h"

#include <unistd.h>

namespace authreplay::testing {

void LabTest::SetUp() {
  lab_ = LabEnv::load();
  if (!lab_)
    GTEST_SKIP() << LabEnv::skipReason();
  work_ = std::filesystem::temp_directory_path() /
          (prefix_ + "-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(work_);
  std::filesystem::create_directories(work_);
}

void LabTest::TearDown() {
  if (!work_.empty())
    std::filesystem::remove_all(work_);
}

}  // namespace authreplay::testing
