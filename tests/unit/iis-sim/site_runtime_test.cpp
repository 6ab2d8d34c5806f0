// Routing a URL to its application or virtual directory, and KB 2749007's "first request to the
// application" state with its reset by a recycle.
#include "iis-sim/pipeline/site_runtime.h"

#include <gtest/gtest.h>

namespace iissim {
namespace {

Site layout() {
  Site site;
  site.name = "Default";
  site.id = 1;
  for (const auto& [path, isApplication] :
       std::vector<std::pair<std::string, bool>>{{"/", true},
                                                 {"/ActiveXTest/", true},
                                                 {"/Other/", true},
                                                 {"/ActiveXTest/Anonymous/", false}}) {
    Location location;
    location.path = path;
    location.isApplication = isApplication;
    site.locations.push_back(location);
  }
  return site;
}

TEST(SiteRuntime, LocatesTheDeepestLocationCaseInsensitively) {
  const SiteRuntime runtime(layout(), HttpSysLimits{});
  EXPECT_EQ(runtime.locate("/ActiveXTest/ajaxClient2.htm").path, "/ActiveXTest/");
  EXPECT_EQ(runtime.locate("/activextest/anonymous/WebService.asmx").path,
            "/ActiveXTest/Anonymous/");
  EXPECT_EQ(runtime.locate("/ActiveXTest").path, "/ActiveXTest/");  // folder without its slash
  EXPECT_EQ(runtime.locate("/ActiveXTestX/a").path, "/");
  EXPECT_EQ(runtime.locate("/").path, "/");
}

TEST(SiteRuntime, FirstRequestIsPerApplicationAndVirtualDirectoriesShareIt) {
  SiteRuntime runtime(layout(), HttpSysLimits{});
  const Location& anonymousVdir = runtime.locate("/ActiveXTest/Anonymous/x");
  const Location& app = runtime.locate("/ActiveXTest/x");
  EXPECT_TRUE(runtime.takeFirstRequest(anonymousVdir));
  EXPECT_FALSE(runtime.takeFirstRequest(app));  // same application
  EXPECT_TRUE(runtime.takeFirstRequest(runtime.locate("/Other/")));
  EXPECT_TRUE(runtime.takeFirstRequest(runtime.locate("/x.htm")));
}

TEST(SiteRuntime, RecycleResetsOneApplication) {
  SiteRuntime runtime(layout(), HttpSysLimits{});
  const Location& app = runtime.locate("/ActiveXTest/x");
  const Location& other = runtime.locate("/Other/x");
  EXPECT_TRUE(runtime.takeFirstRequest(app));
  EXPECT_TRUE(runtime.takeFirstRequest(other));
  EXPECT_TRUE(runtime.recycle("/activextest"));
  EXPECT_TRUE(runtime.takeFirstRequest(app));
  EXPECT_FALSE(runtime.takeFirstRequest(other));
  EXPECT_FALSE(runtime.recycle("/ActiveXTest/Anonymous/"));  // a virtual directory, not an app
  EXPECT_FALSE(runtime.recycle("/Missing/"));
}

}  // namespace
}  // namespace iissim
