#include <gtest/gtest.h>

#include "json/source_document.h"

namespace authreplay::json {
namespace {

TEST(ObjectReaderTest, ReadsTypedMembers) {
  const auto doc =
      SourceDocument::parse(R"({"status": 401, "title": "t", "reuse": true})", "x.json");
  ObjectReader reader(doc, "", "expectation");
  EXPECT_EQ(reader.requiredInteger("status"), 401);
  EXPECT_EQ(reader.optionalString("title"), "t");
  EXPECT_EQ(reader.optionalString("absent", "fallback"), "fallback");
  EXPECT_TRUE(reader.optionalBool("reuse", false));
  EXPECT_NO_THROW(reader.rejectUnknownKeys());
}

TEST(ObjectReaderTest, UnknownKeySuggestsTheClosestKnownOne) {
  const auto doc = SourceDocument::parse("{\n    \"stauts\": 401\n}", "scenarios/x.json");
  ObjectReader reader(doc, "", "expectation");
  reader.allow("status");
  reader.allow("substatus");
  try {
    reader.rejectUnknownKeys();
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(
        e.what(),
        "scenarios/x.json:2:5: unknown key \"stauts\" in expectation (did you mean \"status\"?)");
  }
}

TEST(ObjectReaderTest, UnknownKeyWithNothingCloseListsTheKnownKeys) {
  const auto doc = SourceDocument::parse(R"({"zzz": 1})", "x.json");
  ObjectReader reader(doc, "", "request");
  reader.allow("path");
  reader.allow("method");
  try {
    reader.rejectUnknownKeys();
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(e.what(),
                 "x.json:1:2: unknown key \"zzz\" in request; expected one of: method, path");
  }
}

TEST(ObjectReaderTest, WrongTypeAndMissingKeyAreErrorsAtTheRightPlace) {
  const auto doc = SourceDocument::parse("{\"request\": {\n  \"path\": 42\n}}", "x.json");
  ObjectReader reader(doc, "/request", "request");
  try {
    reader.requiredString("path");
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(e.what(), "x.json:2:11: expected a string for \"path\", got integer");
  }
  try {
    reader.requiredString("method");
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(e.what(), "x.json:1:13: missing required key \"method\" in request");
  }
}

TEST(ObjectReaderTest, NonObjectIsAnError) {
  const auto doc = SourceDocument::parse(R"({"client": [1]})", "x.json");
  try {
    ObjectReader reader(doc, "/client", "client");
    FAIL() << "expected SourceError";
  } catch (const SourceError& e) {
    EXPECT_STREQ(e.what(), "x.json:1:12: expected an object for client, got array");
  }
}

TEST(ClosestMatchTest, FindsTyposButNotStrangers) {
  const std::vector<std::string> keys{"status", "substatus", "offers", "connection"};
  EXPECT_EQ(closestMatch("stauts", keys), "status");
  EXPECT_EQ(closestMatch("Offers", keys), "offers");
  EXPECT_EQ(closestMatch("conection", keys), "connection");
  EXPECT_EQ(closestMatch("banana", keys), "");
}

}  // namespace
}  // namespace authreplay::json
