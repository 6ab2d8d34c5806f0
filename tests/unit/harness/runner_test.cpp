// Runner pieces that need no server: URLs from the target, markers, recycle templates.
#include "run/runner.h"

#include <gtest/gtest.h>

#include "browser/step_request.h"
#include "run/recycler.h"
#include "scenario/target.h"

namespace authreplay::run {
namespace {

TEST(BuildUrl, OriginAndLongestPathPrefix) {
  auto target = scenario::targetFromUrl("https://staging.example.test/");
  target.origins["second"] = "http://127.0.0.1:8081";
  target.pathPrefixes = {{"/ActiveXTest/", "/qa/ActiveXTest/"},
                         {"/ActiveXTest/Anonymous/", "/public/"}};
  EXPECT_EQ(browser::buildUrl(target, "default", "/ActiveXTest/a.htm").url,
            "https://staging.example.test/qa/ActiveXTest/a.htm");
  EXPECT_EQ(browser::buildUrl(target, "default", "/ActiveXTest/Anonymous/WebService.asmx").url,
            "https://staging.example.test/public/WebService.asmx");
  EXPECT_EQ(browser::buildUrl(target, "second", "/x?y=1").url, "http://127.0.0.1:8081/x?y=1");
  const auto missing = browser::buildUrl(target, "tls", "/");
  EXPECT_EQ(missing.error, "the target has no origin \"tls\" (it has: default, second)");
}

TEST(BuildUrl, MarkersJoinAnExistingQuery) {
  EXPECT_EQ(browser::withQueryParameter("http://h/a", "authreplay-leg", "r.1.2"),
            "http://h/a?authreplay-leg=r.1.2");
  EXPECT_EQ(browser::withQueryParameter("http://h/a?b=c#f", "authreplay-leg", "r.1.2"),
            "http://h/a?b=c&authreplay-leg=r.1.2#f");
}

TEST(Recycle, TemplatesAreEncodedForUrlsAndQuotedForShells) {
  EXPECT_EQ(expandRecycleTemplate("http://a/recycle?site={site}&app={app}", "Default Web Site",
                                  "/ActiveXTest/", true),
            "http://a/recycle?site=Default%20Web%20Site&app=/ActiveXTest/");
  EXPECT_EQ(expandRecycleTemplate("appcmd recycle {site} {app}", "It's", "/a/", false),
            "appcmd recycle 'It'\\''s' '/a/'");
}

TEST(Recycle, ATargetWithoutRecycleSettingsIsAClearError) {
  const auto error =
      recycleApplication(scenario::targetFromUrl("http://127.0.0.1:9"), "default", "/a/");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("no \"recycle\" settings"), std::string::npos);
}

}  // namespace
}  // namespace authreplay::run
