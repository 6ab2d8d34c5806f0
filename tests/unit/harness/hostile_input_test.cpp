// Hostile input to the loaders and the response parsers (issue 12): each case once crashed, hung
// or exhausted authreplay; each must now be a clear error at its position, or parsed, in bounded
// time and memory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "browser/browser_catalogue.h"
#include "cli/app.h"
#include "expect/error_page.h"
#include "hostile_support.h"
#include "json/source_document.h"
#include "scenario/scenario_loader.h"
#include "scenario/target_compatibility.h"
#include "scenario/target_file.h"

namespace authreplay {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using testing::peakRssKb;
using testing::TempFolder;

std::string scenarioWithRequest(const std::string& request, const std::string& expect = "{}") {
  return R"({"id": "x", "title": "t", "steps": [ { "request": )" + request + R"(, "expect": )" +
         expect + "} ] }";
}

// The SourceError's what() of loading FILE, "" when it loads.
std::string loadError(const fs::path& file) {
  try {
    scenario::loadScenario(file, browser::catalogue());
  } catch (const json::SourceError& e) {
    return e.what();
  }
  return "";
}

std::string parseError(const std::string& text) {
  try {
    scenario::parseScenario(text, "s.json", ".", browser::catalogue());
  } catch (const json::SourceError& e) {
    return e.what();
  }
  return "";
}

std::string targetError(const std::string& text) {
  try {
    scenario::parseTargetFile(text, "t.json", ".");
  } catch (const json::SourceError& e) {
    return e.what();
  }
  return "";
}

TEST(HostileErrorPage, SubstatusOfElevenDigitsIsNoHeadingNotAnException) {
  // std::stoi threw "stoi" on it and the whole run ended with exit 3 and no report.
  EXPECT_FALSE(
      expect::parseDetailedErrorPage("<h3>HTTP Error 401.99999999999 - Unauthorized</h3>"));
  const auto later = expect::parseDetailedErrorPage(
      "HTTP Error 401.99999999999 - x <h3>HTTP Error 401.2 - Unauthorized</h3>");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->substatus, 2);
}

TEST(HostileErrorPage, ErrorCodeAfter20KbOfSpacesIsFoundWithoutOverflowingTheStack) {
  const std::string page = "<h3>HTTP Error 401.2 - Unauthorized</h3><th>Error Code</th><td>" +
                           std::string(20 * 1024, ' ') + "0x80070005</td>";
  const auto status = expect::parseDetailedErrorPage(page);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->win32Status, 5u);
  // A whole kept body (1 MiB) of it, in well under a second.
  const auto start = Clock::now();
  const std::string huge = "HTTP Error 401.2 - Error Code" + std::string(1024 * 1024, ' ');
  EXPECT_FALSE(expect::parseDetailedErrorPage(huge)->win32Status);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
}

TEST(HostileScenario, IdOf40KbIsAClearErrorAtItsPosition) {
  const std::string id(40 * 1024, 'a');
  EXPECT_EQ(parseError(R"({"id": ")" + id + R"(", "title": "t", "steps": []})"),
            "s.json:1:8: the id is 40960 bytes long, more than the limit of 200");
  // A long invalid one too, and the character class itself.
  EXPECT_NE(parseError(R"({"id": ")" + std::string(40 * 1024, '-') + R"(", "title": "t"})"), "");
  EXPECT_EQ(parseError(R"({"id": "-x", "title": "t", "steps": []})"),
            "s.json:1:8: invalid id \"-x\": use letters, digits, '.', '_' and '-'");
}

// std::regex recursed once per group and overflowed the stack; RE2 parses and compiles without
// recursion, within its memory bound (text::LinearRegex::kMaxMemoryBytes).
TEST(HostileScenario, MatchesPatternWith100kNestedGroupsLoadsAndMatchesWithoutCrashing) {
  const std::string pattern = std::string(100000, '(') + "a" + std::string(100000, ')');
  const auto start = Clock::now();
  const auto s = scenario::parseScenario(
      scenarioWithRequest(R"({ "path": "/" })",
                          R"({ "body": { "matches": ")" + pattern + R"(" } })"),
      "s.json", ".", browser::catalogue());
  const auto& body = *std::get<scenario::RequestStep>(s.steps[0].action).expect.final.body;
  EXPECT_TRUE(body.matches->search(std::string(1024 * 1024, 'b') + "a"));
  EXPECT_FALSE(body.matches->search(std::string(1024 * 1024, 'b')));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(HostileScenario, MatchesPatternBeyondRe2sMemoryBoundIsRefusedAtItsPosition) {
  std::string pattern;
  for (int i = 0; i < 1000; ++i)
    pattern += "[a-z]{1000}";  // a million instructions: more than 8 MiB
  const auto error = parseError(scenarioWithRequest(
      R"({ "path": "/" })", R"({ "body": { "matches": ")" + pattern + R"(" } })"));
  EXPECT_EQ(error.rfind("s.json:1:101: invalid regular expression \"[a-z]{1000}", 0), 0u) << error;
  EXPECT_TRUE(error.ends_with("(RE2 syntax): pattern too large - compile failed")) << error;
}

TEST(HostileScenario, BadMatchesPatternGivesRe2sMessageAtItsPosition) {
  EXPECT_EQ(parseError(scenarioWithRequest(
                R"({ "path": "/" })", R"({ "headers": { "Server": { "matches": "(abc" } } })")),
            "s.json:1:116: invalid regular expression \"(abc\" (RE2 syntax): missing ): (abc");
}

// A one-line (minified) file of about 227 KB: every expectation keeps its position, none a copy
// of the line (2.2 GB before).
TEST(HostileScenario, MinifiedFileOf227KbSharesOneCopyOfItsText) {
  std::string legs;
  for (int i = 0; i < 4830; ++i)
    legs += std::string(i ? "," : "") + R"({"status":200,"connection":"same","offers":[]})";
  std::string text =
      R"({"id":"m","title":"t","steps":[{"request":{"path":"/"},"expect":{"legs":[)" + legs +
      "]}}]}";
  ASSERT_GT(text.size(), 220u * 1024);
  const long before = peakRssKb();
  const auto s = scenario::parseScenario(text, "m.json", ".", browser::catalogue());
  const long grown = peakRssKb() - before;
  const auto& expect = std::get<scenario::RequestStep>(s.steps[0].action).expect;
  ASSERT_EQ(expect.legs->value.size(), 4830u);
  const auto& last = expect.legs->value.back();
  EXPECT_EQ(last.response.status->where.source.get(), s.where.source.get());
  EXPECT_EQ(last.response.status->where.line, 1u);
  EXPECT_LT(grown, 256 * 1024) << "KB of peak memory grown by loading the file";
  // What an error display shows of that line is an excerpt around the column.
  const auto shown = last.response.status->where.excerpt();
  EXPECT_LE(shown.text.size(), 130u);
  EXPECT_EQ(shown.text.substr(shown.caretColumn - 1, 8), "200,\"con");
}

TEST(HostileScenario, UnknownKeyOf100BytesGetsNoDidYouMeanAndIsQuotedShort) {
  const std::string key(100, 'k');
  EXPECT_EQ(parseError(R"({")" + key + R"(": 1})"),
            "s.json:1:2: unknown key \"" + std::string(64, 'k') +
                "...\" (100 bytes) in the scenario; expected one of: $schema, client, description, "
                "id, requires, source, steps, tags, title");
  EXPECT_EQ(json::closestMatch(std::string(65, 's'), {"status"}), "");
}

TEST(HostileScenario, KeyOf5MbIsRefusedWithoutTheDidYouMean) {
  const auto start = Clock::now();
  const long before = peakRssKb();
  EXPECT_EQ(parseError(R"({")" + std::string(5 * 1024 * 1024, 'k') + R"(": 1})"),
            "s.json:1:2: object key of 5242880 bytes, more than the limit of 1024");
  EXPECT_LT(peakRssKb() - before, 64 * 1024);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

TEST(HostileScenario, LegCountOf4294967297IsARangeErrorNotOne) {
  EXPECT_EQ(parseError(scenarioWithRequest(R"({ "path": "/" })", R"({ "legCount": 4294967297 })")),
            "s.json:1:92: \"legCount\" must be in 1..1000");
}

TEST(HostileBodyFile, FifoIsAClearErrorNotAHang) {
  TempFolder folder;
  ASSERT_EQ(::mkfifo((folder.path() / "body.fifo").c_str(), 0600), 0);
  const auto file = folder.write(
      "s.json",
      scenarioWithRequest(R"({ "method": "POST", "path": "/", "bodyFile": "body.fifo" })"));
  EXPECT_EQ(loadError(file), file.string() + ":1:96: cannot use body file \"" +
                                 (folder.path() / "body.fifo").string() +
                                 "\": not a regular file (a FIFO)");
}

TEST(HostileBodyFile, DevZeroIsAClearErrorNotOutOfMemory) {
  TempFolder folder;
  const auto file = folder.write(
      "s.json",
      scenarioWithRequest(R"({ "method": "POST", "path": "/", "bodyFile": "/dev/zero" })"));
  EXPECT_EQ(loadError(file), file.string() +
                                 ":1:96: cannot use body file \"/dev/zero\": not a regular file (a "
                                 "character device)");
}

TEST(HostileBodyFile, LargerThan16MibIsAClearError) {
  TempFolder folder;
  const auto body = folder.write("big.bin", "");
  fs::resize_file(body, 17 * 1024 * 1024);  // sparse: costs no disk
  const auto file = folder.write(
      "s.json", scenarioWithRequest(R"({ "method": "POST", "path": "/", "bodyFile": "big.bin" })"));
  EXPECT_NE(loadError(file).find(":1:96: cannot use body file \"" + body.string() +
                                 "\": file is 17825792 bytes, more than the limit of 16777216"),
            std::string::npos);
}

TEST(HostileBodyFile, OutsideTheScenarioFolderIsSentOnlyWhenTheTargetAllowsIt) {
  TempFolder folder;
  folder.write("secret.txt", "not for the target");
  const auto file = folder.write(
      "scenarios/s.json",
      scenarioWithRequest(R"({ "method": "POST", "path": "/", "bodyFile": "../secret.txt" })"));
  const auto s = scenario::loadScenario(file, browser::catalogue());
  auto target = scenario::targetFromUrl("http://iis.test");
  const auto refused = scenario::uncheckableExpectations({s}, target);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(std::string(refused[0].what()),
            file.string() + ":1:96: \"bodyFile\" \"" + (folder.path() / "secret.txt").string() +
                "\" is outside the scenario's folder: target \"http://iis.test\" does not send "
                "such files (set \"bodyFilesOutsideScenario\": true in the target file to allow "
                "it)");
  target.bodyFilesOutsideScenario = true;
  EXPECT_TRUE(scenario::uncheckableExpectations({s}, target).empty());
  // A symbolic link inside the folder that points outside is outside too.
  fs::create_symlink(folder.path() / "secret.txt", folder.path() / "scenarios" / "link.txt");
  const auto linked = folder.write(
      "scenarios/l.json",
      scenarioWithRequest(R"({ "method": "POST", "path": "/", "bodyFile": "link.txt" })"));
  target.bodyFilesOutsideScenario = false;
  EXPECT_EQ(scenario::uncheckableExpectations(
                {scenario::loadScenario(linked, browser::catalogue())}, target)
                .size(),
            1u);
}

TEST(HostileTarget, OriginOf100KbIsAClearErrorAtItsPosition) {
  const std::string origin = "http://" + std::string(100 * 1024, 'a');
  EXPECT_EQ(targetError(R"({"origins": {"default": ")" + origin + R"("}})"),
            "t.json:1:25: the URL of \"default\" is 102407 bytes long, more than the limit of "
            "8192");
}

TEST(HostileTarget, TargetOptionOf100KbIsAClearError) {
  std::ostringstream out, err;
  const int code =
      cli::runApp({"run", AUTHREPLAY_HARNESS_TEST_DIR "/data/scenario-with-body-file.json",
                   "--target", "http://" + std::string(100 * 1024, 'a')},
                  out, err);
  EXPECT_EQ(code, 2);
  EXPECT_EQ(err.str(), "error: --target is 102407 bytes long, more than the limit of 8192\n");
}

TEST(HostileTarget, TargetFileThatIsAFifoIsAClearErrorNotAHang) {
  TempFolder folder;
  const auto fifo = folder.path() / "target.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    scenario::loadTargetFile(fifo);
    FAIL() << "a FIFO loaded";
  } catch (const json::SourceError& e) {
    EXPECT_EQ(std::string(e.what()), fifo.string() + ":1:1: not a regular file (a FIFO)");
  }
}

TEST(HostileTarget, TargetFileLargerThan16MibIsAClearError) {
  TempFolder folder;
  const auto file = folder.write("target.json", "");
  fs::resize_file(file, 17 * 1024 * 1024);
  try {
    scenario::loadTargetFile(file);
    FAIL() << "a 17 MiB target file loaded";
  } catch (const json::SourceError& e) {
    EXPECT_EQ(std::string(e.what()),
              file.string() + ":1:1: file is 17825792 bytes, more than the limit of 16777216");
  }
}

TEST(HostileTarget, HugeTimeoutIsARangeErrorNotAChronoOverflow) {
  EXPECT_EQ(targetError(R"({"origins": {"default": "http://a"}, "substatus": {"source": "w3cLog",
    "w3cLog": {"directory": "/tmp", "timeoutMs": 9223372036854775807}}})"),
            "t.json:2:50: \"timeoutMs\" must be in 0..86400000");
  EXPECT_EQ(targetError(R"({"origins": {"default": "http://a"}, "timeouts": {"requestMs": 1e3}})"),
            "t.json:1:64: expected an integer for \"requestMs\", got number");
  EXPECT_EQ(
      targetError(R"({"origins": {"default": "http://a"}, "timeouts": {"connectMs": 86400001}})"),
      "t.json:1:64: \"connectMs\" must be in 1..86400000");
}

}  // namespace
}  // namespace authreplay
