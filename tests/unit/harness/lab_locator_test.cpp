// Where `authreplay run` (no target) finds labctl and iis-sim, and what it says when it cannot:
// a user who copied the binary elsewhere, or set an override wrongly, must be told what to do.
#include "cli/lab_locator.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/options.h"

namespace authreplay::cli {
namespace {

namespace fs = std::filesystem;

class LabLocator : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("authreplay-locator-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path executable(const fs::path& relative) {
    const auto path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "#!/bin/sh\n";
    ::chmod(path.c_str(), 0755);
    return path;
  }

  fs::path root_;
};

TEST_F(LabLocator, FindsBothInTheBuildTreeInsideTheSourceTree) {
  // <repo>/build/bin/authreplay next to iis-sim, <repo>/fixtures/lab/labctl.
  const auto authreplay = executable("repo/build/bin/authreplay");
  const auto iisSim = executable("repo/build/bin/iis-sim");
  const auto labctl = executable("repo/fixtures/lab/labctl");
  LabSearch search;
  search.executable = authreplay;
  const auto tools = locateLabTools(search);
  EXPECT_EQ(tools.labctl, labctl);
  EXPECT_EQ(tools.iisSim, iisSim);
}

TEST_F(LabLocator, FallsBackToTheCompileTimeSourceAndBuildTrees) {
  // A binary copied to /usr/local/bin still finds the tree it was built from.
  const auto authreplay = executable("usr/local/bin/authreplay");
  const auto labctl = executable("src/fixtures/lab/labctl");
  const auto iisSim = executable("out/bin/iis-sim");
  LabSearch search;
  search.executable = authreplay;
  search.sourceDir = root_ / "src";
  search.builtIisSim = iisSim;
  const auto tools = locateLabTools(search);
  EXPECT_EQ(tools.labctl, labctl);
  EXPECT_EQ(tools.iisSim, iisSim);
}

TEST_F(LabLocator, OverridesWinAndAreNeverSilentlyIgnored) {
  const auto authreplay = executable("repo/build/bin/authreplay");
  executable("repo/build/bin/iis-sim");
  executable("repo/fixtures/lab/labctl");
  const auto myLabctl = executable("elsewhere/labctl");
  LabSearch search;
  search.executable = authreplay;
  search.labctlOverride = myLabctl.string();
  EXPECT_EQ(locateLabTools(search).labctl, myLabctl);

  search.labctlOverride = (root_ / "typo/labctl").string();
  try {
    locateLabTools(search);
    FAIL() << "a wrong AUTHREPLAY_LABCTL must not fall back to the build tree's labctl";
  } catch (const LabNotFound& e) {
    EXPECT_EQ(std::string(e.what()), "cannot start the embedded lab: AUTHREPLAY_LABCTL=" +
                                         (root_ / "typo/labctl").string() +
                                         " is not an executable file");
  }
}

TEST_F(LabLocator, MissingIisSimSaysWhereItLookedAndHowToFixIt) {
  const auto authreplay = executable("repo/build/bin/authreplay");
  executable("repo/fixtures/lab/labctl");
  LabSearch search;
  search.executable = authreplay;
  try {
    locateLabTools(search);
    FAIL() << "no iis-sim anywhere";
  } catch (const LabNotFound& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("no iis-sim found; looked at:\n  " +
                           (root_ / "repo/build/bin/iis-sim").string()),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("cmake --build build --target iis-sim"), std::string::npos);
    EXPECT_NE(message.find("AUTHREPLAY_IIS_SIM="), std::string::npos);
    EXPECT_NE(message.find("--target URL / --target-file FILE"), std::string::npos);
  }
}

TEST(EmbeddedLabOptions, KeepLabIsOnlyForTheEmbeddedLab) {
  EXPECT_TRUE(parseOptions({"run", "--keep-lab"}).keepLab);
  EXPECT_TRUE(parseOptions({"run"}).usesEmbeddedLab());
  EXPECT_FALSE(parseOptions({"run", "--target", "http://x"}).usesEmbeddedLab());
  EXPECT_THROW(parseOptions({"run", "--keep-lab", "--target-file", "t.json"}), UsageError);
}

}  // namespace
}  // namespace authreplay::cli
