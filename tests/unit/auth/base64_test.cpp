#include "auth/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using authreplay::auth::base64Decode;
using authreplay::auth::base64Encode;

std::vector<std::uint8_t> bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

// RFC 4648 §10 test vectors.
TEST(Base64Test, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64Encode(bytes("")), "");
  EXPECT_EQ(base64Encode(bytes("f")), "Zg==");
  EXPECT_EQ(base64Encode(bytes("fo")), "Zm8=");
  EXPECT_EQ(base64Encode(bytes("foo")), "Zm9v");
  EXPECT_EQ(base64Encode(bytes("foob")), "Zm9vYg==");
  EXPECT_EQ(base64Encode(bytes("fooba")), "Zm9vYmE=");
  EXPECT_EQ(base64Encode(bytes("foobar")), "Zm9vYmFy");
}

TEST(Base64Test, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64Decode(""), bytes(""));
  EXPECT_EQ(base64Decode("Zg=="), bytes("f"));
  EXPECT_EQ(base64Decode("Zm8="), bytes("fo"));
  EXPECT_EQ(base64Decode("Zm9v"), bytes("foo"));
  EXPECT_EQ(base64Decode("Zm9vYg=="), bytes("foob"));
  EXPECT_EQ(base64Decode("Zm9vYmE="), bytes("fooba"));
  EXPECT_EQ(base64Decode("Zm9vYmFy"), bytes("foobar"));
}

TEST(Base64Test, RoundTripsAllByteValues) {
  std::vector<std::uint8_t> all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<std::uint8_t>(i));
  }
  EXPECT_EQ(base64Decode(base64Encode(all)), all);
}

TEST(Base64Test, DecodesCurlsNtlmType1) {
  const auto decoded = base64Decode("TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 32u);
  EXPECT_EQ((*decoded)[12], 0x06);
}

TEST(Base64Test, RejectsMalformedInput) {
  EXPECT_FALSE(base64Decode("Zm9"));        // not a multiple of 4
  EXPECT_FALSE(base64Decode("Zm9v!A=="));   // outside the alphabet
  EXPECT_FALSE(base64Decode("Zm=v"));       // padding in the middle
  EXPECT_FALSE(base64Decode("Zg==Zm9v"));   // padding before the last group
  EXPECT_FALSE(base64Decode("Z==="));       // three pad characters
  EXPECT_FALSE(base64Decode("Zm9v Zm9v"));  // whitespace
  EXPECT_FALSE(base64Decode("Zm9v-_=="));   // base64url alphabet
  EXPECT_FALSE(base64Decode(std::string("Zm\0v", 4)));
}

}  // namespace
