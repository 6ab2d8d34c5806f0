// IE's proxy exclusion list (seed 002's fix) as browser::ProxyBypass matches it.
#include "browser/proxy_bypass.h"

#include <gtest/gtest.h>

namespace authreplay::browser {
namespace {

TEST(ProxyBypass, HostNamesMatchExactlyAndIgnoreCase) {
  const ProxyBypass bypass({"intranet.corp.example"});
  EXPECT_TRUE(bypass.bypasses("intranet.corp.example"));
  EXPECT_TRUE(bypass.bypasses("INTRANET.Corp.Example"));
  EXPECT_FALSE(bypass.bypasses("www.corp.example"));
  EXPECT_FALSE(bypass.bypasses("intranet.corp.example.evil"));
}

TEST(ProxyBypass, WildcardsMatchSuffixesAndPrefixes) {
  const ProxyBypass bypass({"*.corp.example", "10.*"});
  EXPECT_TRUE(bypass.bypasses("iis.corp.example"));
  EXPECT_TRUE(bypass.bypasses("a.b.corp.example"));
  EXPECT_FALSE(bypass.bypasses("corp.example"));  // "*." needs a label before the suffix
  EXPECT_TRUE(bypass.bypasses("10.0.0.5"));
  EXPECT_FALSE(bypass.bypasses("110.0.0.5"));
}

TEST(ProxyBypass, LocalMatchesNamesWithoutADot) {
  const ProxyBypass bypass({"<local>"});
  EXPECT_TRUE(bypass.bypasses("localhost"));
  EXPECT_TRUE(bypass.bypasses("intranet"));
  EXPECT_FALSE(bypass.bypasses("127.0.0.1"));
  EXPECT_FALSE(bypass.bypasses("iis.corp.example"));
  EXPECT_FALSE(bypass.bypasses("::1"));
}

TEST(ProxyBypass, SemicolonSeparatedListsAsIeStoresThem) {
  const ProxyBypass bypass({"a.example; *.b.example ;<local>"});
  EXPECT_EQ(bypass.entries(), (std::vector<std::string>{"a.example", "*.b.example", "<local>"}));
  EXPECT_TRUE(bypass.bypasses("x.b.example"));
  EXPECT_TRUE(bypass.bypasses("a.example"));
}

TEST(ProxyBypass, EmptyListBypassesNothing) {
  EXPECT_FALSE(ProxyBypass().bypasses("localhost"));
}

TEST(ProxyBypass, OriginPlaceholdersBecomeTheOriginsHost) {
  const std::map<std::string, std::string> origins = {{"default", "http://localhost:8080"},
                                                      {"second", "http://127.0.0.1:9090/app"}};
  std::string error;
  EXPECT_EQ(expandOriginEntries({"{default}", "*.corp", "{second}"}, origins, error),
            (std::vector<std::string>{"localhost", "*.corp", "127.0.0.1"}));
  EXPECT_EQ(error, "");
  expandOriginEntries({"{staging}"}, origins, error);
  EXPECT_EQ(error, "proxyBypass entry \"{staging}\" names no origin of the target");
}

}  // namespace
}  // namespace authreplay::browser
