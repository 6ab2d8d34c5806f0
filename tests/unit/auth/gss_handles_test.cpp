#include "auth/gss_handles.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <utility>

namespace {

namespace gss = authreplay::auth::gss;

// Each release is counted, so a double release (a crash in iis-sim when a connection with a
// half-done context closes) or a missed one (a leak per connection) shows as a wrong count.
int releases = 0;
int slots[3];

OM_uint32 countingRelease(OM_uint32* minor, int** handle) {
  ++releases;
  *minor = 0;
  *handle = nullptr;
  return GSS_S_COMPLETE;
}

using Counted = gss::Owned<int*, nullptr, &countingRelease>;

class GssHandlesTest : public ::testing::Test {
 protected:
  void SetUp() override { releases = 0; }
};

static_assert(!std::is_copy_constructible_v<gss::Context> && !std::is_copy_assignable_v<gss::Name>,
              "one owner per GSSAPI handle");
static_assert(std::is_nothrow_move_constructible_v<gss::Credential> &&
              std::is_nothrow_move_assignable_v<gss::Credential>);

TEST_F(GssHandlesTest, ReleasesOnceWhenTheOwnerGoes) {
  {
    Counted owner;
    EXPECT_TRUE(owner.empty());
    *owner.out() = &slots[0];
    EXPECT_FALSE(owner.empty());
    EXPECT_EQ(owner.get(), &slots[0]);
  }
  EXPECT_EQ(releases, 1);
  { Counted never; }
  EXPECT_EQ(releases, 1) << "an empty owner has nothing to release";
}

TEST_F(GssHandlesTest, MoveLeavesTheSourceEmpty) {
  {
    Counted first;
    *first.out() = &slots[0];
    Counted second(std::move(first));
    EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move): the documented state
    EXPECT_EQ(second.get(), &slots[0]);

    Counted third;
    *third.out() = &slots[1];
    third = std::move(second);  // releases slots[1], takes slots[0]
    EXPECT_EQ(releases, 1);
    EXPECT_EQ(third.get(), &slots[0]);
    EXPECT_TRUE(second.empty());  // NOLINT(bugprone-use-after-move)

    auto& alias = third;
    third = std::move(alias);  // self-move keeps the handle
    EXPECT_EQ(third.get(), &slots[0]);
    EXPECT_EQ(releases, 1);
  }
  EXPECT_EQ(releases, 2);
}

TEST_F(GssHandlesTest, ResetReleasesAndEmpties) {
  Counted owner;
  *owner.out() = &slots[2];
  owner.reset();
  EXPECT_TRUE(owner.empty());
  EXPECT_EQ(releases, 1);
  owner.reset();
  EXPECT_EQ(releases, 1);
}

// The aliases over MIT's real handles: a name imported into one owner still displays after moving
// to another (no KDC needed for a host-based service name).
TEST_F(GssHandlesTest, RealNameSurvivesAMove) {
  const std::string text = "HTTP@localhost";
  gss_buffer_desc input{text.size(), const_cast<char*>(text.data())};
  OM_uint32 minor = 0;
  gss::Name imported;
  ASSERT_FALSE(
      GSS_ERROR(gss_import_name(&minor, &input, GSS_C_NT_HOSTBASED_SERVICE, imported.out())));
  gss::Name moved = std::move(imported);
  EXPECT_TRUE(imported.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(imported.get(), GSS_C_NO_NAME);
  gss::Buffer shown;
  ASSERT_FALSE(GSS_ERROR(gss_display_name(&minor, moved.get(), shown.out(), nullptr)));
  EXPECT_EQ(shown.text(), text);
  EXPECT_TRUE(gss::Context().empty());
  EXPECT_EQ(gss::Credential().get(), GSS_C_NO_CREDENTIAL);
}

}  // namespace
