// The W3C log as IIS writes it (IIS-FACTS.md §4): header block, field order, '-' and '+', file
// naming, and when lines reach the disk.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iis-sim/log/w3c_log_format.h"
#include "iis-sim/log/w3c_log_writer.h"
#include "temp_folder.h"

namespace iissim {
namespace {

std::chrono::system_clock::time_point at(int year, int month, int day, int h, int m, int s) {
  using namespace std::chrono;
  return sys_days(std::chrono::year(year) / month / day) + hours(h) + minutes(m) + seconds(s);
}

W3cLogRecord sampleRecord() {
  W3cLogRecord record;
  record.time = at(2026, 11, 21, 10, 0, 0);
  record.serverIp = "10.0.0.5";
  record.method = "GET";
  record.uriStem = "/app/";
  record.serverPort = 80;
  record.clientIp = "10.0.0.9";
  record.userAgent = "Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0)";
  record.status = 401;
  record.substatus = 2;
  record.win32Status = 5;
  record.timeTakenMs = 3;
  return record;
}

using testing::readFile;

TEST(W3cLogFormat, AnonymousFirstLegMatchesIisFactsExample) {
  EXPECT_EQ(formatW3cLine(sampleRecord()),
            "2026-11-21 10:00:00 10.0.0.5 GET /app/ - 80 - 10.0.0.9 "
            "Mozilla/5.0+(Windows+NT+10.0;+Trident/7.0;+rv:11.0) - 401 2 5 3\r\n");
}

TEST(W3cLogFormat, AuthenticatedLineCarriesUserQueryAndLargeWin32Status) {
  W3cLogRecord record = sampleRecord();
  record.username = "HARNESS\\alice";
  record.uriQuery = "id=7&x=a%20b";
  record.referer = "http://localhost/ActiveXTest/ajaxClient2.htm";
  record.status = 401;
  record.substatus = 1;
  record.win32Status = 2148074254u;
  record.timeTakenMs = 15;
  EXPECT_EQ(formatW3cLine(record),
            "2026-11-21 10:00:00 10.0.0.5 GET /app/ id=7&x=a%20b 80 HARNESS\\alice 10.0.0.9 "
            "Mozilla/5.0+(Windows+NT+10.0;+Trident/7.0;+rv:11.0) "
            "http://localhost/ActiveXTest/ajaxClient2.htm 401 1 2148074254 15\r\n");
}

// logExtFileFlags with ProtocolVersion: cs-version after c-ip, "HTTP/2" for an HTTP/2 stream.
TEST(W3cLogFormat, ProtocolVersionAddsCsVersionAfterClientIp) {
  W3cLogRecord record = sampleRecord();
  record.version = w3cProtocolVersion(20);
  const W3cFieldSelection withVersion{true};
  EXPECT_EQ(formatW3cLine(record, withVersion),
            "2026-11-21 10:00:00 10.0.0.5 GET /app/ - 80 - 10.0.0.9 HTTP/2 "
            "Mozilla/5.0+(Windows+NT+10.0;+Trident/7.0;+rv:11.0) - 401 2 5 3\r\n");
  EXPECT_EQ(formatW3cLine(record), formatW3cLine(sampleRecord()));  // not selected: not written
  EXPECT_NE(w3cHeaderBlock(record.time, withVersion)
                .find("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
                      "cs-username c-ip cs-version cs(User-Agent) cs(Referer) sc-status"),
            std::string::npos);
  EXPECT_EQ(w3cProtocolVersion(11), "HTTP/1.1");
  EXPECT_EQ(w3cProtocolVersion(10), "HTTP/1.0");
}

TEST(W3cLogFormat, ControlCharactersCannotSplitARecord) {
  EXPECT_EQ(w3cField("a\r\nb c"), "a??b+c");
  EXPECT_EQ(w3cField(""), "-");
}

TEST(W3cLogFormat, HeaderBlockAndFileName) {
  EXPECT_EQ(w3cHeaderBlock(at(2026, 11, 21, 10, 0, 0)),
            "#Software: Microsoft Internet Information Services 10.0\r\n"
            "#Version: 1.0\r\n"
            "#Date: 2026-11-21 10:00:00\r\n"
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
            "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n");
  EXPECT_EQ(w3cFileName(at(2026, 1, 2, 23, 59, 59)), "u_ex260102.log");
}

TEST(W3cLogWriter, UnbufferedWritesEachLineAtOnceUnderOneHeader) {
  testing::TempFolder folder;
  W3cLogWriter writer(folder.path() / "W3SVC1", false);
  writer.write(sampleRecord());
  const auto file = folder.path() / "W3SVC1" / "u_ex261121.log";
  EXPECT_EQ(readFile(file), w3cHeaderBlock(sampleRecord().time) + formatW3cLine(sampleRecord()));
  writer.write(sampleRecord());
  EXPECT_EQ(readFile(file), w3cHeaderBlock(sampleRecord().time) + formatW3cLine(sampleRecord()) +
                                formatW3cLine(sampleRecord()));
}

TEST(W3cLogWriter, BufferedWritesNothingUntilFlush) {
  testing::TempFolder folder;
  W3cLogWriter writer(folder.path() / "W3SVC2", true);
  writer.write(sampleRecord());
  const auto file = folder.path() / "W3SVC2" / "u_ex261121.log";
  EXPECT_FALSE(std::filesystem::exists(file));
  writer.flush();
  EXPECT_EQ(readFile(file), w3cHeaderBlock(sampleRecord().time) + formatW3cLine(sampleRecord()));
}

TEST(W3cLogWriter, NewUtcDayStartsANewFileWithItsOwnHeader) {
  testing::TempFolder folder;
  W3cLogWriter writer(folder.path(), false);
  W3cLogRecord late = sampleRecord();
  late.time = at(2026, 11, 21, 23, 59, 59);
  W3cLogRecord early = sampleRecord();
  early.time = at(2026, 11, 22, 0, 0, 1);
  writer.write(late);
  writer.write(early);
  EXPECT_EQ(readFile(folder.path() / "u_ex261122.log"),
            w3cHeaderBlock(early.time) + formatW3cLine(early));
}

}  // namespace
}  // namespace iissim
