#include "auth/authorization_header.h"

#include <gtest/gtest.h>

namespace {

using authreplay::auth::parseAuthorizationHeader;

TEST(AuthorizationHeaderTest, SplitsSchemeAndToken) {
  const auto header = parseAuthorizationHeader("NTLM TlRMTVNTUAABAAAABoIIAA==");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->scheme, "NTLM");
  EXPECT_EQ(header->token, "TlRMTVNTUAABAAAABoIIAA==");
}

TEST(AuthorizationHeaderTest, SchemeComparisonIgnoresCase) {
  const auto header = parseAuthorizationHeader("negotiate YIIC");
  ASSERT_TRUE(header);
  EXPECT_TRUE(header->schemeIs("Negotiate"));
  EXPECT_FALSE(header->schemeIs("NTLM"));
  EXPECT_FALSE(header->schemeIs("Negotiat"));
}

TEST(AuthorizationHeaderTest, TrimsWhitespaceAroundAndBetween) {
  const auto header = parseAuthorizationHeader("  Basic \t YWxpY2U6cHc=  ");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->scheme, "Basic");
  EXPECT_EQ(header->token, "YWxpY2U6cHc=");
}

TEST(AuthorizationHeaderTest, SchemeAloneHasEmptyToken) {
  const auto header = parseAuthorizationHeader("Negotiate");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->scheme, "Negotiate");
  EXPECT_EQ(header->token, "");
}

TEST(AuthorizationHeaderTest, KeepsAuthParamsOfAChallenge) {
  const auto header = parseAuthorizationHeader(R"(Basic realm="localhost")");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->token, R"(realm="localhost")");
}

TEST(AuthorizationHeaderTest, RejectsEmptyAndNonTokenSchemes) {
  EXPECT_FALSE(parseAuthorizationHeader(""));
  EXPECT_FALSE(parseAuthorizationHeader("   "));
  EXPECT_FALSE(parseAuthorizationHeader("NT\"LM abc"));
  EXPECT_FALSE(parseAuthorizationHeader("(NTLM) abc"));
}

}  // namespace
