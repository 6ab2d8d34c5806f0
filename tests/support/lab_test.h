// Base fixture for tests against the running lab: loads lab.env (skipping with the reason when the
// test runs outside CTest's lab fixture) and gives each test a private, empty work folder that is
// removed afterwards.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "lab_env.h"

namespace authreplay::testing {

class LabTest : public ::testing::Test {
 protected:
  // PREFIX names the work folder: <tmp>/<prefix>-<pid>-<test name>.
  explicit LabTest(std::string prefix) : prefix_(std::move(prefix)) {}
  void SetUp() override;
  void TearDown() override;

  std::optional<LabEnv> lab_;
  std::filesystem::path work_;

 private:
  std::string prefix_;
};

}  // namespace authreplay::testing
