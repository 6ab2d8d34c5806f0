#include "json/source_document.h"

#include <gtest/gtest.h>

namespace authreplay::json {
namespace {

std::string errorOf(std::string_view text) {
  try {
    SourceDocument::parse(text, "x.json");
  } catch (const SourceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(SourceDocumentTest, ParsesValuesLikeNlohmann) {
  const auto doc = SourceDocument::parse(
      R"({"a": [1, -2, 3.5, true, false, null], "b": {"c": "d\u00e9\ud83d\ude00\n"}})", "x.json");
  EXPECT_EQ(doc.root(),
            nlohmann::json::parse(
                R"({"a": [1, -2, 3.5, true, false, null], "b": {"c": "d\u00e9\ud83d\ude00\n"}})"));
  EXPECT_TRUE(doc.root()["a"][0].is_number_integer());
  EXPECT_TRUE(doc.root()["a"][2].is_number_float());
}

TEST(SourceDocumentTest, RecordsValueAndKeyPositions) {
  const auto doc =
      SourceDocument::parse("{\n  \"steps\": [\n    {\"status\": 401}\n  ]\n}", "s.json");
  EXPECT_EQ(doc.valuePosition("/steps").line, 2u);
  EXPECT_EQ(doc.valuePosition("/steps").column, 12u);
  EXPECT_EQ(doc.keyPosition("/steps/0/status").line, 3u);
  EXPECT_EQ(doc.keyPosition("/steps/0/status").column, 6u);
  EXPECT_EQ(doc.valuePosition("/steps/0/status").column, 16u);
  // A missing member falls back to its nearest ancestor.
  EXPECT_EQ(doc.valuePosition("/steps/0/missing").column, 5u);
}

TEST(SourceDocumentTest, SyntaxErrorsNameLineAndColumn) {
  EXPECT_EQ(errorOf("{\n  \"a\": 1\n  \"b\": 2\n}"),
            "x.json:3:3: expected ',' or '}' after an object member, got '\"'");
  EXPECT_EQ(errorOf("[1, 2,]"), "x.json:1:7: expected a JSON value, got ']'");
  EXPECT_EQ(errorOf("{\"a\": \"unterminated"),
            "x.json:1:20: unterminated string: expected '\"' before end of file");
  EXPECT_EQ(errorOf("{\"a\": 1} x"), "x.json:1:10: unexpected 'x' after the JSON value");
  EXPECT_EQ(errorOf(""), "x.json:1:1: expected a JSON value, got end of file");
  EXPECT_EQ(errorOf("{\"a\": tru}"), "x.json:1:7: expected a JSON value, got 't'");
  EXPECT_EQ(errorOf("{\"a\": 01}"),
            "x.json:1:8: expected ',' or '}' after an object member, got '1'");
}

// Found by tests/fuzz/json_source_document_fuzz.cpp (differential against nlohmann::json::parse):
// a string holding a byte that is not UTF-8 was accepted, and nlohmann's dump() refuses it later.
TEST(SourceDocumentTest, FuzzFindingInvalidUtf8InAStringIsAnError) {
  EXPECT_EQ(errorOf("{\"a\": \"\xdc\"}"),
            "x.json:1:8: invalid UTF-8 byte 0xdc in a string (JSON text is UTF-8, RFC 8259 §8.1)");
  EXPECT_EQ(errorOf("\"\xc0\xaf\""),  // overlong '/'
            "x.json:1:2: invalid UTF-8 byte 0xc0 in a string (JSON text is UTF-8, RFC 8259 §8.1)");
  EXPECT_EQ(errorOf("\"\xed\xa0\x80\""),  // a UTF-16 surrogate written as UTF-8
            "x.json:1:2: invalid UTF-8 byte 0xed in a string (JSON text is UTF-8, RFC 8259 §8.1)");
  EXPECT_EQ(errorOf("\"\xe2\x82\""),  // cut short by the closing quote
            "x.json:1:2: invalid UTF-8 byte 0xe2 in a string (JSON text is UTF-8, RFC 8259 §8.1)");
  const auto doc = SourceDocument::parse("\"caf\xc3\xa9 \xf0\x9f\x94\x91\"", "x.json");
  EXPECT_EQ(doc.root(), "caf\xc3\xa9 \xf0\x9f\x94\x91");
}

// Found by tests/fuzz/json_source_document_fuzz.cpp: a number too small for a double ("1e-400")
// was "number out of range"; nlohmann::json::parse (strtod) reads it as 0. Overflow stays an error.
TEST(SourceDocumentTest, FuzzFindingNumberUnderflowIsZero) {
  EXPECT_EQ(SourceDocument::parse("1e-400", "x.json").root(), 0.0);
  EXPECT_EQ(SourceDocument::parse("-0.00001e-320", "x.json").root(), 0.0);
  EXPECT_EQ(SourceDocument::parse("[0.1e-99999999999999999999999]", "x.json").root()[0], 0.0);
  EXPECT_EQ(SourceDocument::parse("4.9e-324", "x.json").root(), 4.9e-324);  // still a denormal
  EXPECT_EQ(errorOf("1e400"), "x.json:1:1: number out of range: 1e400");
  EXPECT_EQ(errorOf("100000e-5 "), "no error");
  EXPECT_EQ(errorOf("[0.001e312]"), "x.json:1:2: number out of range: 0.001e312");
  EXPECT_EQ(errorOf("1e99999999999999999999999"),
            "x.json:1:1: number out of range: 1e99999999999999999999999");
}

TEST(SourceDocumentTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(errorOf("{\"a\": 1,\n \"a\": 2}"), "x.json:2:2: duplicate key \"a\"");
}

TEST(SourceDocumentTest, RejectsHostileNesting) {
  EXPECT_EQ(errorOf(std::string(500, '[')), "x.json:1:202: nesting deeper than 200 levels");
}

TEST(SourceDocumentTest, MissingFileIsAnError) {
  try {
    SourceDocument::load("/nonexistent/x.json");
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.json:1:1: cannot read file (No such file or directory)");
  }
}

TEST(SourceDocumentTest, AcceptsByteOrderMark) {
  EXPECT_EQ(SourceDocument::parse("\xEF\xBB\xBF{\"a\": 1}", "bom.json").root()["a"], 1);
}

TEST(SourceDocumentTest, PointerTokensAreEscaped) {
  EXPECT_EQ(childPointer("", "a/b~c"), "/a~1b~0c");
  const auto doc = SourceDocument::parse("{\"a/b\": 1}", "x.json");
  EXPECT_EQ(doc.valuePosition("/a~1b").column, 9u);
}

}  // namespace
}  // namespace authreplay::json
