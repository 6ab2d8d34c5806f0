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

// RFC 3629 §4 / Markus Kuhn's UTF-8 decoder stress test: what may go into a JSON string as it is.
TEST(TextUtf8, ValidatesStrictly) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ASCII\r\n"));
  EXPECT_TRUE(isValidUtf8("A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_TRUE(isValidUtf8("\xf4\x8f\xbf\xbf"));                    // U+10FFFF
  EXPECT_FALSE(isValidUtf8("\x80"));                               // lone continuation byte
  EXPECT_FALSE(isValidUtf8("\xc0\xaf"));                           // overlong '/'
  EXPECT_FALSE(isValidUtf8("\xe0\x80\xaf"));                       // overlong 3-byte
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));                       // U+D800, a surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));                   // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("ok\xe2\x82"));                         // truncated at the end
  EXPECT_FALSE(isValidUtf8(std::string("\x89PNG\r\n\x1a\n", 8)));  // a PNG signature
}

}  // namespace
}  // namespace authreplay::text
