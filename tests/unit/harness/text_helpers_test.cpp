// harness/text: the ASCII case helpers every layer uses for protocol names (RFC 9110 §5.1) and the
// UTF-8 helpers NTLM's reader and hashing share (MS-NLMP 2.2: names travel as UTF-16LE or OEM).
#include <gtest/gtest.h>

#include <vector>

#include "text/ascii.h"
#include "text/utf8.h"

namespace authreplay::text {
namespace {

TEST(TextAscii, CaseFoldingIsAsciiOnly) {
  EXPECT_EQ(toLower("NTLM Negotiate-X"), "ntlm negotiate-x");
  EXPECT_EQ(toUpper("harness\\alice"), "HARNESS\\ALICE");
  EXPECT_EQ(toLower('Q'), 'q');
  // Bytes of a UTF-8 name are left alone, whatever the locale.
  EXPECT_EQ(toUpper("j\xc3\xb6rg"), "J\xc3\xb6RG");
  EXPECT_TRUE(equalsIgnoreCase("WWW-Authenticate", "www-authenticate"));
  EXPECT_FALSE(equalsIgnoreCase("NTLM", "NTLMv2"));
}

TEST(TextUtf8, EncodesEveryLength) {
  std::string out;
  for (const std::uint32_t c : {0x41u, 0xe9u, 0x20acu, 0x1f600u}) {
    appendUtf8(out, c);
  }
  EXPECT_EQ(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(TextUtf8, DecodesLenientlyWithoutLosingBytes) {
  std::vector<std::uint32_t> points;
  const auto collect = [&points](std::uint32_t c) { points.push_back(c); };
  forEachCodePoint("a\xc3\xa9\xf0\x9f\x98\x80", collect);
  EXPECT_EQ(points, (std::vector<std::uint32_t>{0x61, 0xe9, 0x1f600}));
  points.clear();
  // A lone continuation byte and a truncated sequence come through as their Latin-1 bytes.
  forEachCodePoint("\x80x\xe2\x82", collect);
  EXPECT_EQ(points, (std::vector<std::uint32_t>{0x80, 0x78, 0xe2, 0x82}));
}

}  // namespace
}  // namespace authreplay::text
