#include "auth/nt_hash.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string hex(const iissim::Md4Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const auto b : digest) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

std::string md4Hex(std::string_view text) {
  return hex(iissim::md4({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
}

// RFC 1320 §A.5 test suite.
TEST(NtHashTest, Md4MatchesRfc1320) {
  EXPECT_EQ(md4Hex(""), "31d6cfe0d16ae931b73c59d7e0c089c0");
  EXPECT_EQ(md4Hex("a"), "bde52cb31de33e46245e05fbdbd6fb24");
  EXPECT_EQ(md4Hex("abc"), "a448017aaf21d8525fc10ae87aa6729d");
  EXPECT_EQ(md4Hex("message digest"), "d9130a8164549fe818874806e1c7014b");
  EXPECT_EQ(md4Hex("abcdefghijklmnopqrstuvwxyz"), "d79e1c308aa5bbcdeea8ed63df412da9");
  EXPECT_EQ(md4Hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "043f8582f241db351ce627e153e7f0e4");
  EXPECT_EQ(md4Hex("1234567890123456789012345678901234567890123456789012345678901234567890123456"
                   "7890"),
            "e33b4ddc9c38f2199c3e7b164fcc0536");
}

// MS-NLMP 4.2.2.1.2: NTOWFv1("Password").
TEST(NtHashTest, NtOwfV1MatchesMsNlmp) {
  EXPECT_EQ(hex(iissim::ntOwfV1("Password")), "a4f49c406510bdcab6824ee7c30fd852");
}

TEST(NtHashTest, NonAsciiPasswordsHashTheirUtf16) {
  // "é" is U+00E9 both as UTF-8 (c3 a9) and as a lone Latin-1 byte (e9): same UTF-16LE, same hash.
  EXPECT_EQ(iissim::ntOwfV1("caf\xc3\xa9"), iissim::ntOwfV1("caf\xe9"));
  EXPECT_NE(iissim::ntOwfV1("caf\xc3\xa9"), iissim::ntOwfV1("cafe"));
}

}  // namespace
