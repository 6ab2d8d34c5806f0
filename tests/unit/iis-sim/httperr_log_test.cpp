// HTTP.sys's HTTPERR log as Windows writes it (IIS-FACTS.md §10; KB 820729 "Error logging in HTTP
// APIs"): header block, field order, '-' and '+', truncation, the file sequence and its rollover,
// and the buffering it shares with the W3C log (log/log_appender.h).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "iis-sim/log/httperr_log_format.h"
#include "iis-sim/log/httperr_log_writer.h"
#include "temp_folder.h"

namespace iissim {
namespace {

std::chrono::system_clock::time_point at(int year, int month, int day, int h, int m, int s) {
  using namespace std::chrono;
  return sys_days(std::chrono::year(year) / month / day) + hours(h) + minutes(m) + seconds(s);
}

HttpSysEvent rejected(const std::string& reason, int status) {
  HttpSysEvent event;
  event.connection.remoteAddress = "127.0.0.1";
  event.connection.remotePort = 2780;
  event.connection.localAddress = "127.0.0.1";
  event.connection.localPort = 80;
  event.version = "HTTP/1.1";
  event.method = "GET";
  event.uri = "/ThisIsMyUrl.htm";
  event.status = status;
  event.reason = reason;
  return event;
}

using testing::readFile;

TEST(HttpErrLogFormat, RejectedRequestMatchesMicrosoftsSampleLine) {
  // KB 820729's sample "2002-07-05 19:51:59 127.0.0.1 2780 127.0.0.1 80 HTTP/1.1 GET
  // /ThisIsMyUrl.htm 400 - Hostname", with HTTP API 2.0's s-queuename after it.
  const auto record =
      httpErrRecord(rejected("Hostname", 400), 1, "DefaultAppPool", at(2002, 7, 5, 19, 51, 59));
  EXPECT_EQ(formatHttpErrLine(record),
            "2002-07-05 19:51:59 127.0.0.1 2780 127.0.0.1 80 HTTP/1.1 GET /ThisIsMyUrl.htm 400 - "
            "Hostname -\r\n");
}

TEST(HttpErrLogFormat, RoutedRequestNamesTheSiteAndTheApplicationPool) {
  HttpSysEvent event = rejected("Connection_Dropped", 0);
  event.status.reset();
  event.routed = true;
  event.uri = "/ActiveXTest/WebService.asmx?authreplay-leg=r.1.2";
  event.method = "POST";
  EXPECT_EQ(formatHttpErrLine(httpErrRecord(event, 3, "DefaultAppPool", at(2026, 12, 2, 9, 0, 0))),
            "2026-12-02 09:00:00 127.0.0.1 2780 127.0.0.1 80 HTTP/1.1 POST "
            "/ActiveXTest/WebService.asmx?authreplay-leg=r.1.2 - 3 Connection_Dropped "
            "DefaultAppPool\r\n");
}

TEST(HttpErrLogFormat, ConnectionTimerHasNoRequestFields) {
  // An idle connection has no request in flight: only the connection is logged.
  HttpSysEvent event;
  event.connection = rejected("", 0).connection;
  event.reason = "Timer_ConnectionIdle";
  EXPECT_EQ(formatHttpErrLine(httpErrRecord(event, 1, "DefaultAppPool", at(2002, 7, 5, 20, 6, 1))),
            "2002-07-05 20:06:01 127.0.0.1 2780 127.0.0.1 80 - - - - - Timer_ConnectionIdle "
            "-\r\n");
}

TEST(HttpErrLogFormat, FieldsKeepOneRecordPerLineAndAreCut) {
  EXPECT_EQ(httpErrField("a b\tc\r\nd"), "a+b+c++d");
  EXPECT_EQ(httpErrField(""), "-");
  HttpSysEvent event = rejected("Verb", 400);
  event.method = std::string(300, 'G');
  event.uri = "/" + std::string(5000, 'u');
  const std::string line = formatHttpErrLine(httpErrRecord(event, 1, "P", at(2026, 1, 1, 0, 0, 0)));
  EXPECT_NE(line.find(" " + std::string(255, 'G') + " /"), std::string::npos);
  EXPECT_EQ(line.find(std::string(256, 'G')), std::string::npos);
  EXPECT_NE(line.find(" /" + std::string(4095, 'u') + " 400 "), std::string::npos);
}

TEST(HttpErrLogFormat, HeaderBlockAndFileName) {
  EXPECT_EQ(httpErrHeaderBlock(at(2026, 12, 2, 17, 0, 0)),
            "#Software: Microsoft HTTP API 2.0\r\n"
            "#Version: 1.0\r\n"
            "#Date: 2026-12-02 17:00:00\r\n"
            "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status "
            "s-siteid s-reason s-queuename\r\n");
  EXPECT_EQ(httpErrFileName(4), "httperr4.log");
}

TEST(HttpErrLogWriter, UnbufferedWritesEachLineAtOnceUnderOneHeader) {
  testing::TempFolder folder;
  const auto time = at(2026, 12, 2, 17, 0, 0);
  const auto record = httpErrRecord(rejected("FieldLength", 400), 1, "DefaultAppPool", time);
  HttpErrLogWriter writer(folder.path() / "HTTPERR", false);
  writer.write(record);
  writer.write(record);
  EXPECT_EQ(readFile(folder.path() / "HTTPERR" / "httperr1.log"),
            httpErrHeaderBlock(time) + formatHttpErrLine(record) + formatHttpErrLine(record));
}

TEST(HttpErrLogWriter, BufferedWritesNothingUntilFlush) {
  testing::TempFolder folder;
  const auto record =
      httpErrRecord(rejected("RequestLength", 400), 1, "DefaultAppPool", at(2026, 12, 2, 17, 0, 0));
  HttpErrLogWriter writer(folder.path(), true);
  writer.write(record);
  EXPECT_FALSE(std::filesystem::exists(folder.path() / "httperr1.log"));
  writer.flush();
  EXPECT_EQ(readFile(folder.path() / "httperr1.log"),
            httpErrHeaderBlock(record.time) + formatHttpErrLine(record));
}

TEST(HttpErrLogWriter, GoesOnWithTheHighestFileAndRollsOverBySize) {
  testing::TempFolder folder;
  std::ofstream(folder.path() / "httperr2.log") << "earlier\r\n";
  std::ofstream(folder.path() / "httperr10.log") << "latest\r\n";
  std::ofstream(folder.path() / "httperr.log") << "not one of them\r\n";
  const auto record =
      httpErrRecord(rejected("BadRequest", 400), 1, "DefaultAppPool", at(2026, 12, 2, 17, 0, 0));
  const std::string header = httpErrHeaderBlock(record.time);
  const std::string line = formatHttpErrLine(record);
  // Room for the header and two lines in httperr10.log, not for a third.
  const std::uintmax_t limit = 8 + header.size() + 2 * line.size() + line.size() / 2;
  {
    HttpErrLogWriter writer(folder.path(), false, limit);
    writer.write(record);
    writer.write(record);
    writer.write(record);
  }
  EXPECT_EQ(readFile(folder.path() / "httperr10.log"), "latest\r\n" + header + line + line);
  EXPECT_EQ(readFile(folder.path() / "httperr11.log"), header + line);
  // A restarted server starts the next file once the last one is full.
  HttpErrLogWriter restarted(folder.path(), false, header.size() + line.size());
  restarted.write(record);
  EXPECT_EQ(readFile(folder.path() / "httperr12.log"), header + line);
}

}  // namespace
}  // namespace iissim
