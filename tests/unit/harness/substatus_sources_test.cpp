// Substatus and win32 status from the two places IIS reveals them (IIS-FACTS.md §1, §3, §4).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "expect/error_page.h"
#include "expect/substatus_resolver.h"
#include "expect/w3c_log.h"

namespace authreplay::expect {
namespace {

constexpr const char* kDetailed401 =
    "<title>IIS 10.0 Detailed Error - 401.2 - Unauthorized</title>\r\n"
    "  <h3>HTTP Error 401.2 - Unauthorized</h3> \r\n"
    "  <h4>You are not authorized to view this page due to invalid authentication headers.</h4>\r\n"
    "    <tr><th>Module</th><td>&nbsp;&nbsp;&nbsp;IIS Web Core</td></tr> \r\n"
    "    <tr class=\"alt\"><th>Error Code</th><td>&nbsp;&nbsp;&nbsp;0x80070005</td></tr> \r\n";

TEST(ErrorPage, ReadsSubstatusAndErrorCodeFromTheDetailedPage) {
  const auto page = parseDetailedErrorPage(kDetailed401);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->status, 401);
  EXPECT_EQ(page->substatus, 2);
  EXPECT_EQ(page->win32Status, 5u);  // HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)
}

TEST(ErrorPage, SspiErrorCodesAreLoggedAsTheirUnsignedValue) {
  EXPECT_EQ(win32StatusFromHresult(0x8009030E), 2148074254u);  // SEC_E_NO_CREDENTIALS
  EXPECT_EQ(win32StatusFromHresult(0x80070005), 5u);
  EXPECT_EQ(win32StatusFromHresult(0), 0u);
}

TEST(ErrorPage, TheCustomPageHasNoSubstatus) {
  EXPECT_FALSE(
      parseDetailedErrorPage(
          "<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>")
          .has_value());
  EXPECT_FALSE(
      parseDetailedErrorPage("<h2>Bad Request</h2> HTTP Error 400. The request is badly formed.")
          .has_value());
}

constexpr const char* kLog =
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2026-11-21 10:00:00\r\n"
    "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
    "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
    "2026-11-21 10:00:00 10.0.0.5 GET /app/ authreplay-leg=r.1.1 80 - 10.0.0.9 "
    "Mozilla/5.0+(Windows+NT+10.0;+Trident/7.0;+rv:11.0) - 401 2 5 3\r\n"
    "2026-11-21 10:00:00 10.0.0.5 GET /app/ authreplay-leg=r.1.1 80 - 10.0.0.9 curl/7.88.1 - 401 1 "
    "2148074254 1\r\n"
    "2026-11-21 10:00:00 10.0.0.5 GET /app/ a=b&authreplay-leg=r.1.1 80 HARNESS\\alice 10.0.0.9 "
    "curl/7.88.1 - 200 0 0 15\r\n"
    "2026-11-21 10:00:01 10.0.0.5 GET /app/ authreplay-leg=r.1.10 80 - 10.0.0.9 curl/7.88.1 - 401 "
    "2 5 1\r\n";

TEST(W3cLog, ParsesByTheFieldsDirective) {
  std::vector<std::string> fields;
  const auto entries = parseW3cLog(kLog, fields);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].uriStem, "/app/");
  EXPECT_EQ(entries[0].username, "");
  EXPECT_EQ(entries[0].substatus, 2);
  EXPECT_EQ(entries[1].win32Status, 2148074254u);
  EXPECT_EQ(entries[2].username, "HARNESS\\alice");
  EXPECT_EQ(entries[2].status, 200);
}

TEST(W3cLog, MarkersMatchWholeParametersOnly) {
  EXPECT_TRUE(queryHasParameter("authreplay-leg=r.1.1", "authreplay-leg", "r.1.1"));
  EXPECT_TRUE(queryHasParameter("a=b&authreplay-leg=r.1.1", "authreplay-leg", "r.1.1"));
  EXPECT_FALSE(queryHasParameter("authreplay-leg=r.1.10", "authreplay-leg", "r.1.1"));
  EXPECT_FALSE(queryHasParameter("", "authreplay-leg", "r.1.1"));
}

class W3cLogFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("authreplay-w3c-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "W3SVC1");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void append(const std::string& text) {
    std::ofstream(dir_ / "W3SVC1" / "u_ex261121.log", std::ios::app) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(W3cLogFolder, FindsMarkedLinesInSiteFoldersAndReadsIncrementally) {
  append(kLog);
  W3cLogReader reader(dir_);
  const auto lines =
      reader.waitForMarked("authreplay-leg", "r.1.1", 3, std::chrono::milliseconds(0));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].status, 200);
  // A line IIS is still writing (no newline yet) is not read until it is complete.
  append("2026-11-21 10:00:02 10.0.0.5 GET /b/ authreplay-leg=r.2.1 80 - 10.0.0.9 x - 401 2 5 1");
  EXPECT_TRUE(
      reader.waitForMarked("authreplay-leg", "r.2.1", 1, std::chrono::milliseconds(0)).empty());
  append("\r\n");
  EXPECT_EQ(reader.waitForMarked("authreplay-leg", "r.2.1", 1, std::chrono::milliseconds(0)).size(),
            1u);
}

TEST_F(W3cLogFolder, PollsUntilTheTimeoutWhenIisHasNotFlushed) {
  W3cLogReader reader(dir_);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(
      reader.waitForMarked("authreplay-leg", "none", 1, std::chrono::milliseconds(200)).empty());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(200));
}

TEST_F(W3cLogFolder, ResolverFillsLegsFromTheLogAndChecksAgreementWithThePage) {
  append(kLog);
  scenario::SubstatusSettings settings;
  settings.source = scenario::SubstatusSource::kBoth;
  settings.w3cLog.directory = dir_.string();
  settings.w3cLog.timeout = std::chrono::milliseconds(100);
  SubstatusResolver resolver(settings);
  EXPECT_EQ(resolver.markerParameter(), "authreplay-leg");
  std::vector<LegObservation> legs(3);
  legs[0].exchange.response.status = 401;
  legs[0].exchange.response.body = kDetailed401;
  legs[1].exchange.response.status = 401;
  legs[2].exchange.response.status = 200;
  resolver.resolve(legs, "r.1.1", "GET", "/app/");
  EXPECT_EQ(legs[0].substatus, 2);
  EXPECT_EQ(legs[0].substatusSource, "error page + W3C log");
  EXPECT_EQ(legs[1].substatus, 1);
  EXPECT_EQ(legs[1].win32Status, 2148074254u);
  EXPECT_EQ(legs[1].substatusSource, "W3C log");
  EXPECT_EQ(legs[2].user, "HARNESS\\alice");

  // A page that says 401.1 where the log says 401.2: the sources disagree, nothing is asserted.
  std::vector<LegObservation> wrong(1);
  wrong[0].exchange.response.status = 401;
  wrong[0].exchange.response.body =
      "<h3>HTTP Error 401.1 - Unauthorized</h3><th>Error Code</th><td>0x80070005</td>";
  append(
      "2026-11-21 10:00:03 10.0.0.5 GET /c/ authreplay-leg=r.3.1 80 - 10.0.0.9 x - 401 2 5 1\r\n");
  resolver.resolve(wrong, "r.3.1", "GET", "/c/");
  EXPECT_FALSE(wrong[0].substatus.has_value());
  EXPECT_EQ(wrong[0].substatusSource, "sources disagree");
}

// Deferred correlation (issue 11): steps are sent first and all wait for the log together.
scenario::SubstatusSettings logSettings(const std::filesystem::path& dir,
                                        std::chrono::milliseconds timeout, bool marker = true) {
  scenario::SubstatusSettings settings;
  settings.source = scenario::SubstatusSource::kW3cLog;
  settings.w3cLog.directory = dir.string();
  settings.w3cLog.timeout = timeout;
  settings.w3cLog.marker = marker;
  return settings;
}

std::vector<LegObservation> answered(std::initializer_list<int> statuses) {
  std::vector<LegObservation> legs;
  for (const int status : statuses) {
    legs.emplace_back();
    legs.back().exchange.response.status = status;
  }
  return legs;
}

TEST_F(W3cLogFolder, StepsSentBeforeTheLogIsWrittenAreSettledAfterOneWait) {
  SubstatusResolver resolver(logSettings(dir_, std::chrono::milliseconds(5000)));
  resolver.start();
  auto first = answered({401, 401, 200});
  auto second = answered({401});
  const auto q1 = resolver.fromResponse(first, "r.1.1", "GET", "/app/");
  const auto q2 = resolver.fromResponse(second, "r.1.10", "GET", "/app/");
  ASSERT_TRUE(q1 && q2);
  EXPECT_EQ(q1->lines, 3u);
  // Nothing is known before the wait: the responses carry no error page.
  EXPECT_FALSE(first[0].substatus.has_value());

  // The flush command is where the log appears, as `netsh http flush logbuffer` makes HTTP.sys
  // write it: it runs once, before the first read.
  int flushes = 0;
  std::vector<LogWaitStatus> seen;
  LogWaitOptions options;
  options.flush = [&]() -> std::optional<std::string> {
    ++flushes;
    append(kLog);
    return std::nullopt;
  };
  options.progress = [&](const LogWaitStatus& status) { seen.push_back(status); };
  resolver.awaitLog({*q1, *q2}, options);
  EXPECT_EQ(flushes, 1);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().legsTotal, 4u);
  EXPECT_EQ(seen.back().legsWaiting, 0u);

  resolver.fromLog(first, *q1);
  resolver.fromLog(second, *q2);
  EXPECT_EQ(first[0].substatus, 2);
  EXPECT_EQ(first[1].win32Status, 2148074254u);
  EXPECT_EQ(first[2].user, "HARNESS\\alice");
  EXPECT_EQ(first[2].substatusSource, "W3C log");
  EXPECT_EQ(second[0].substatus, 2);
}

TEST_F(W3cLogFolder, AStepWhoseLinesNeverCameSaysSoAndWhatTheFlushCommandSaid) {
  SubstatusResolver resolver(logSettings(dir_, std::chrono::milliseconds(0)));
  resolver.start();
  auto legs = answered({401});
  const auto query = resolver.fromResponse(legs, "r.9.1", "GET", "/app/");
  ASSERT_TRUE(query);
  LogWaitOptions options;
  options.flush = [] { return std::optional<std::string>("flushCommand exited with status 255"); };
  resolver.awaitLog({*query}, options);
  resolver.fromLog(legs, *query);
  EXPECT_FALSE(legs[0].substatus.has_value());
  EXPECT_NE(legs[0].substatusNote.find("no W3C log line"), std::string::npos)
      << legs[0].substatusNote;
  EXPECT_NE(legs[0].substatusNote.find("exited with status 255"), std::string::npos)
      << legs[0].substatusNote;
}

TEST_F(W3cLogFolder, WithoutMarkersLinesAreHandedOutInTheOrderTheStepsWereSent) {
  // A line of an earlier run, already in the log when this run starts, is never taken.
  append(
      "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username sc-status sc-substatus "
      "sc-win32-status\r\n"
      "2026-11-21 09:00:00 GET /app/ - - 500 0 0\r\n");
  SubstatusResolver resolver(logSettings(dir_, std::chrono::milliseconds(2000), false));
  EXPECT_EQ(resolver.markerParameter(), "");
  resolver.start();
  auto first = answered({401, 200});
  auto second = answered({401});
  const auto q1 = resolver.fromResponse(first, "", "GET", "/app/");
  const auto q2 = resolver.fromResponse(second, "", "GET", "/app/");
  append(
      "2026-11-21 10:00:00 GET /app/ - - 401 2 5\r\n"
      "2026-11-21 10:00:00 GET /other/ - - 404 0 2\r\n"
      "2026-11-21 10:00:00 GET /app/ - HARNESS\\alice 200 0 0\r\n"
      "2026-11-21 10:00:01 GET /app/ - - 401 1 2148074254\r\n");
  resolver.awaitLog({*q1, *q2});
  resolver.fromLog(first, *q1);
  resolver.fromLog(second, *q2);
  EXPECT_EQ(first[0].substatus, 2);
  EXPECT_EQ(first[1].user, "HARNESS\\alice");
  EXPECT_EQ(second[0].substatus, 1);
  EXPECT_EQ(second[0].win32Status, 2148074254u);
}

// Issue 13: behind a balancer without affinity a step's legs reach two servers, each logging to its
// own file (W3SVC1 here, W3SVC4 there): read folder by folder, the lines are out of the order the
// legs were sent. The transfer number next to the marker puts them back.
TEST_F(W3cLogFolder, LinesFromTwoServersAreOrderedByTheirTransferNumber) {
  std::filesystem::create_directories(dir_ / "W3SVC4");
  const std::string fields =
      "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
      "cs-username c-ip cs(User-Agent) cs(Referer) sc-status "
      "sc-substatus sc-win32-status time-taken\r\n";
  append(fields +
         "2026-11-21 10:00:00 10.0.0.5 GET /a/ authreplay-leg=r.1.1&authreplay-leg-transfer=1 "
         "80 - 10.0.0.9 x - 401 2 5 1\r\n"
         "2026-11-21 10:00:00 10.0.0.5 GET /a/ authreplay-leg=r.1.1&authreplay-leg-transfer=3 "
         "80 - 10.0.0.9 x - 401 1 2148074248 1\r\n");
  std::ofstream(dir_ / "W3SVC4" / "u_ex261121.log")
      << fields
      << "2026-11-21 10:00:00 10.0.0.6 GET /a/ authreplay-leg=r.1.1&authreplay-leg-transfer=2 "
         "80 - 10.0.0.9 x - 401 1 2148074254 1\r\n";
  SubstatusResolver resolver(logSettings(dir_, std::chrono::milliseconds(100)));
  auto legs = answered({401, 401, 401});
  resolver.resolve(legs, "r.1.1", "GET", "/a/");
  EXPECT_EQ(legs[0].win32Status, 5u);
  EXPECT_EQ(legs[1].win32Status, 2148074254u) << "the Type 1's challenge, from the other server";
  EXPECT_EQ(legs[2].win32Status, 2148074248u) << "the Type 3 refused";
}

TEST_F(W3cLogFolder, TheProxysOwn407NeedsNoLogLine) {
  SubstatusResolver resolver(logSettings(dir_, std::chrono::milliseconds(0)));
  auto legs = answered({407, 0});
  const auto query = resolver.fromResponse(legs, "r.1.1", "GET", "/app/");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->lines, 0u);
}

}  // namespace
}  // namespace authreplay::expect
