// Protection spaces as IE keeps them: origin + folder and below (IEInternals, Zero-Length Posts).
#include "browser/protection_space.h"

#include <gtest/gtest.h>

namespace authreplay::browser {
namespace {

UrlParts url(const std::string& text) {
  const auto parts = parseUrl(text);
  EXPECT_TRUE(parts.has_value()) << text;
  return parts.value_or(UrlParts{});
}

TEST(UrlParts, OriginHasSchemeHostAndPort) {
  EXPECT_EQ(url("http://LocalHost:8080/a/b.htm?x=1#f").origin(), "http://localhost:8080");
  EXPECT_EQ(url("http://LocalHost:8080/a/b.htm?x=1#f").path, "/a/b.htm");
  EXPECT_EQ(url("https://iis.corp").origin(), "https://iis.corp:443");
  EXPECT_EQ(url("https://iis.corp").path, "/");
  EXPECT_FALSE(parseUrl("ftp://x/").has_value());
  EXPECT_FALSE(parseUrl("http://x:99999/").has_value());
}

TEST(ProtectionSpace, IsTheOriginAndTheFolderAndBelow) {
  const auto space = ProtectionSpace::of(url("http://localhost:8080/ActiveXTest/ajaxClient2.htm"));
  EXPECT_EQ(space.folder, "/ActiveXTest/");
  // Seed 000: the anonymous service lies beneath the challenged page's folder.
  EXPECT_TRUE(space.contains(url("http://localhost:8080/ActiveXTest/Anonymous/WebService.asmx")));
  EXPECT_TRUE(space.contains(url("http://localhost:8080/ActiveXTest/WebService.asmx")));
  EXPECT_FALSE(space.contains(url("http://localhost:8080/Other/WebService.asmx")));
  // Seed 000's workaround: another host name or port is another origin.
  EXPECT_FALSE(space.contains(url("http://127.0.0.1:8080/ActiveXTest/WebService.asmx")));
  EXPECT_FALSE(space.contains(url("http://localhost:8081/ActiveXTest/WebService.asmx")));
}

TEST(ChallengedSpaces, FindsTheInnermostSpace) {
  ChallengedSpaces spaces;
  spaces.remember(url("http://h:1/a/page.htm"), auth::Scheme::kNtlm, "NTLM");
  spaces.remember(url("http://h:1/a/b/page.htm"), auth::Scheme::kNegotiate, "Kerberos");
  EXPECT_EQ(spaces.find(url("http://h:1/a/b/c/x"))->scheme, auth::Scheme::kNegotiate);
  EXPECT_EQ(spaces.find(url("http://h:1/a/x"))->scheme, auth::Scheme::kNtlm);
  EXPECT_FALSE(spaces.find(url("http://h:1/x")).has_value());
  // Remembering again updates the scheme; an empty mechanism keeps the known one.
  spaces.remember(url("http://h:1/a/other.htm"), auth::Scheme::kNtlm, "");
  EXPECT_EQ(spaces.find(url("http://h:1/a/x"))->mechanism, "NTLM");
}

}  // namespace
}  // namespace authreplay::browser
