// HTTP.sys's HTTPERR log on the runner's side (IIS-FACTS.md §10): parsing the formats Windows
// writes (KB 820729's sample lines, the HTTP API 2.0 header of Windows Server 2012 R2, the streamid
// column of later versions), finding a leg's line by marker and client port, and the resolver
// handing a leg HTTP.sys answered its reason without waiting for a W3C line that never comes.
#include "expect/httperr_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "expect/httpsys_response.h"
#include "expect/substatus_resolver.h"

namespace authreplay::expect {
namespace {

// Windows Server 2012 R2's HTTPERR file as iis-sim writes it (fixtures/iis-sim/log).
constexpr const char* kHttpApi20 =
    "#Software: Microsoft HTTP API 2.0\r\n"
    "#Version: 1.0\r\n"
    "#Date: 2026-12-02 17:46:44\r\n"
    "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid "
    "s-reason s-queuename\r\n"
    "2026-12-02 17:46:44 127.0.0.1 46288 127.0.0.1 38129 HTTP/1.1 GET "
    "/ActiveXTest/ajaxClient2.htm?authreplay-leg=r.1.1 400 - FieldLength -\r\n"
    "2026-12-02 17:46:45 127.0.0.1 46290 127.0.0.1 38129 - - - 400 - BadRequest -\r\n"
    "2026-12-02 17:48:45 127.0.0.1 46100 127.0.0.1 38129 - - - - - Timer_ConnectionIdle -\r\n"
    "2026-12-02 17:49:00 127.0.0.1 46300 127.0.0.1 38129 HTTP/1.1 POST /a/b.asmx - 3 "
    "Connection_Dropped DefaultAppPool\r\n";

HttpErrLegKey markedLeg(std::string marker, int clientPort) {
  HttpErrLegKey key;
  key.markerParameter = "authreplay-leg";
  key.marker = std::move(marker);
  key.clientPort = clientPort;
  key.serverPort = 38129;
  key.stem = "/ActiveXTest/ajaxClient2.htm";
  return key;
}

TEST(HttpErrLog, ParsesHttpApi20LinesByTheirFieldsDirective) {
  std::vector<std::string> fields;
  const auto entries = parseHttpErrLog(kHttpApi20, fields);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].date, "2026-12-02");
  EXPECT_EQ(entries[0].time, "17:46:44");
  EXPECT_EQ(entries[0].clientIp, "127.0.0.1");
  EXPECT_EQ(entries[0].clientPort, 46288);
  EXPECT_EQ(entries[0].serverPort, 38129);
  EXPECT_EQ(entries[0].version, "HTTP/1.1");
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].uri, "/ActiveXTest/ajaxClient2.htm?authreplay-leg=r.1.1");
  EXPECT_EQ(entries[0].status, 400);
  EXPECT_FALSE(entries[0].siteId.has_value());
  EXPECT_EQ(entries[0].reason, "FieldLength");
  EXPECT_EQ(entries[0].queueName, "");
  // A connection timer has no request fields.
  EXPECT_EQ(entries[2].reason, "Timer_ConnectionIdle");
  EXPECT_EQ(entries[2].uri, "");
  EXPECT_EQ(entries[2].method, "");
  EXPECT_FALSE(entries[2].status.has_value());
  // A request routed to the site names it and its queue (the application pool).
  EXPECT_EQ(entries[3].siteId, 3);
  EXPECT_EQ(entries[3].queueName, "DefaultAppPool");
  EXPECT_FALSE(entries[3].status.has_value());
}

TEST(HttpErrLog, ReadsMicrosoftsSampleLinesAndLaterColumns) {
  // KB 820729 "Error logging in HTTP APIs": its sample lines, under the columns it lists for them
  // (HTTP API 1.0, no s-queuename).
  std::vector<std::string> fields;
  const auto kb = parseHttpErrLog(
      "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid "
      "s-reason\r\n"
      "2002-07-05 18:45:09 172.31.77.6 2094 172.31.77.6 80 HTTP/1.1 GET /qos/1kbfile.txt 503 - "
      "ConnLimit\r\n"
      "2002-07-05 19:51:59 127.0.0.1 2780 127.0.0.1 80 HTTP/1.1 GET /ThisIsMyUrl.htm 400 - "
      "Hostname\r\n"
      "2002-07-05 19:53:00 127.0.0.1 2894 127.0.0.1 80 HTTP/2.0 GET / 505 - Version_N/S\r\n"
      "2002-07-05 20:06:01 172.31.77.6 64388 127.0.0.1 80 - - - - - Timer_MinBytesPerSecond\r\n",
      fields);
  ASSERT_EQ(kb.size(), 4u);
  EXPECT_EQ(kb[0].reason, "ConnLimit");
  EXPECT_EQ(kb[0].status, 503);
  EXPECT_EQ(kb[1].reason, "Hostname");
  EXPECT_EQ(kb[1].clientPort, 2780);
  EXPECT_EQ(kb[2].version, "HTTP/2.0");
  EXPECT_EQ(kb[2].reason, "Version_N/S");
  EXPECT_EQ(kb[3].clientPort, 64388);
  EXPECT_EQ(kb[3].reason, "Timer_MinBytesPerSecond");

  // Windows Server 2016 and later add streamid after cs-uri.
  fields.clear();
  const auto later = parseHttpErrLog(
      "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status "
      "s-siteid s-reason s-queuename\r\n"
      "2018-08-13 03:25:22 10.1.2.9 12052 10.1.2.5 80 HTTP/1.1 GET / - 503 - N/A -\r\n",
      fields);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].status, 503);
  EXPECT_EQ(later[0].reason, "N/A");

  // No "#Fields:" at all (Microsoft documents the file as carrying no column names): the HTTP API
  // 2.0 columns; a line of another shape is skipped, not misread.
  fields.clear();
  const auto bare = parseHttpErrLog(
      "2026-12-02 17:00:00 10.0.0.9 50000 10.0.0.5 80 HTTP/1.1 GET /x 400 - RequestLength -\n"
      "a line that is not a record\n",
      fields);
  ASSERT_EQ(bare.size(), 1u);
  EXPECT_EQ(bare[0].reason, "RequestLength");
  EXPECT_EQ(fields, defaultHttpErrFields());
}

TEST(HttpErrLog, FindsALegByItsMarkerAndClientPort) {
  std::vector<std::string> fields;
  const auto entries = parseHttpErrLog(kHttpApi20, fields);
  std::vector<bool> taken(entries.size(), false);
  EXPECT_EQ(findHttpErrLine(entries, 0, taken, markedLeg("r.1.1", 46288)), 0u);
  // Another connection's leg of the same step is not this line; nor another marker's.
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, markedLeg("r.1.1", 40000)));
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, markedLeg("r.1.10", 46288)));
  // Through a proxy HTTP.sys saw the proxy's port: the marker alone decides.
  auto proxied = markedLeg("r.1.1", 40000);
  proxied.viaProxy = true;
  EXPECT_EQ(findHttpErrLine(entries, 0, taken, proxied), 0u);
  // A taken line, or one from before the run, is never handed out again.
  taken[0] = true;
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, markedLeg("r.1.1", 46288)));
  taken[0] = false;
  EXPECT_FALSE(findHttpErrLine(entries, 1, taken, markedLeg("r.1.1", 46288)));
}

TEST(HttpErrLog, FindsALegWithoutAUriByItsConnection) {
  std::vector<std::string> fields;
  const auto entries = parseHttpErrLog(kHttpApi20, fields);
  std::vector<bool> taken(entries.size(), false);
  // HTTP.sys could not parse the request line: c-port and s-port identify the leg.
  EXPECT_EQ(findHttpErrLine(entries, 0, taken, markedLeg("r.2.1", 46290)), 1u);
  auto otherServer = markedLeg("r.2.1", 46290);
  otherServer.serverPort = 80;
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, otherServer));
  // Never by port through a proxy (the port HTTP.sys logged is the proxy's).
  auto proxied = markedLeg("r.2.1", 46290);
  proxied.viaProxy = true;
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, proxied));
  // A run without markers matches the connection and the path.
  HttpErrLegKey unmarked;
  unmarked.clientPort = 46288;
  unmarked.serverPort = 38129;
  unmarked.stem = "/ActiveXTest/ajaxClient2.htm";
  EXPECT_EQ(findHttpErrLine(entries, 0, taken, unmarked), 0u);
  unmarked.stem = "/other";
  EXPECT_FALSE(findHttpErrLine(entries, 0, taken, unmarked));
}

http::RecordedResponse httpSysPage() {
  http::RecordedResponse response;
  response.status = 400;
  response.headers = {{"Content-Type", "text/html; charset=us-ascii"},
                      {"Server", "Microsoft-HTTPAPI/2.0"},
                      {"Connection", "close"}};
  response.body =
      "<BODY><h2>Bad Request - Header Field Too Long</h2>\r\n<hr><p>HTTP Error 400. A request "
      "header field is too long.</p>\r\n</BODY></HTML>\r\n";
  return response;
}

TEST(HttpSysResponse, TellsHttpSysOwnPageFromIisAndApplications) {
  EXPECT_TRUE(answeredByHttpSys(httpSysPage()));
  auto iis = httpSysPage();
  iis.headers[1].value = "Microsoft-IIS/10.0";
  EXPECT_FALSE(answeredByHttpSys(iis));
  // An application behind HTTP.sys that answers 400 with its own body is not HTTP.sys.
  auto app = httpSysPage();
  app.body = "<soap:Fault/>";
  EXPECT_FALSE(answeredByHttpSys(app));
  auto ok = httpSysPage();
  ok.status = 200;
  EXPECT_FALSE(answeredByHttpSys(ok));
}

class HttpErrFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("authreplay-httperr-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "W3SVC1");
    std::filesystem::create_directories(dir_ / "HTTPERR");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void appendHttpErr(const std::string& text) {
    std::ofstream(dir_ / "HTTPERR" / "httperr1.log", std::ios::app) << text;
  }
  void appendW3c(const std::string& text) {
    std::ofstream(dir_ / "W3SVC1" / "u_ex261202.log", std::ios::app) << text;
  }
  // The two legs of KB 2020943's failure: IIS's 401.2, then HTTP.sys's 400 on the same connection.
  static std::vector<LegObservation> largeTokenLegs() {
    std::vector<LegObservation> legs(2);
    legs[0].exchange.response.status = 401;
    legs[0].exchange.connection.localPort = 46288;
    legs[0].exchange.connection.remotePort = 38129;
    legs[1].exchange.response = httpSysPage();
    legs[1].exchange.connection = legs[0].exchange.connection;
    legs[1].answeredByHttpSys = answeredByHttpSys(legs[1].exchange.response);
    return legs;
  }
  std::filesystem::path dir_;
};

TEST_F(HttpErrFolder, AHttpSysLegGetsItsReasonAndNoW3cLineIsWaitedFor) {
  scenario::SubstatusSettings settings;
  settings.source = scenario::SubstatusSource::kW3cLog;
  settings.w3cLog.directory = dir_.string();
  settings.w3cLog.timeout = std::chrono::milliseconds(5000);
  settings.httpErrLog.directories = {dir_.string()};  // its HTTPERR subfolder is read
  settings.httpErrLog.timeout = std::chrono::milliseconds(5000);
  SubstatusResolver resolver(settings);
  // A line of an earlier run with the same port is not this run's.
  appendHttpErr("2026-12-02 17:00:00 127.0.0.1 46288 127.0.0.1 38129 - - - 400 - BadRequest -\r\n");
  resolver.start();
  auto legs = largeTokenLegs();
  const auto query = resolver.fromResponse(legs, "r.1.1", "GET", "/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->lines, 1u) << "only IIS's 401 has a W3C line";
  ASSERT_EQ(query->httpErrLegs.size(), 1u);
  EXPECT_EQ(query->httpErrLegs[0].leg, 1u);
  LogWaitOptions options;
  options.flush = [&]() -> std::optional<std::string> {
    appendW3c(
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
        "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n"
        "2026-12-02 17:46:44 127.0.0.1 GET /ActiveXTest/ajaxClient2.htm authreplay-leg=r.1.1 "
        "38129 - 127.0.0.1 x - 401 2 5 1\r\n");
    appendHttpErr(kHttpApi20);
    return std::nullopt;
  };
  const auto start = std::chrono::steady_clock::now();
  resolver.awaitLog({*query}, options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000))
      << "every line was there after the flush: no waiting out the timeout";
  resolver.fromLog(legs, *query);
  EXPECT_EQ(legs[0].substatus, 2);
  EXPECT_EQ(legs[0].substatusSource, "W3C log");
  EXPECT_EQ(legs[1].httpErrReason, "FieldLength");
  EXPECT_FALSE(legs[1].substatus.has_value());
  EXPECT_NE(legs[1].substatusNote.find("HTTP.sys answered this request itself"), std::string::npos)
      << legs[1].substatusNote;
  EXPECT_NE(legs[0].httpErrNote.find("IIS answered this leg"), std::string::npos);
}

TEST_F(HttpErrFolder, WithoutAW3cLogTheHttpErrLineIsStillWaitedForAndMissedLinesAreExplained) {
  scenario::SubstatusSettings settings;  // substatus from the error page
  settings.httpErrLog.directories = {(dir_ / "HTTPERR").string()};
  settings.httpErrLog.timeout = std::chrono::milliseconds(100);
  SubstatusResolver resolver(settings);
  EXPECT_FALSE(resolver.usesLog());
  EXPECT_EQ(resolver.markerParameter(), "authreplay-leg") << "HTTP.sys logs the marker too";
  resolver.start();
  auto legs = largeTokenLegs();
  const auto query = resolver.fromResponse(legs, "r.1.1", "GET", "/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->lines, 0u);
  resolver.awaitLog({*query});
  resolver.fromLog(legs, *query);
  EXPECT_FALSE(legs[1].httpErrReason.has_value());
  EXPECT_NE(legs[1].httpErrNote.find("no HTTPERR line for this leg (client port 46288)"),
            std::string::npos)
      << legs[1].httpErrNote;

  // A target that reads no HTTPERR log says so, and needs no wait for a step without one.
  SubstatusResolver plain(scenario::SubstatusSettings{});
  auto again = largeTokenLegs();
  EXPECT_FALSE(plain.fromResponse(again, "", "GET", "/ActiveXTest/ajaxClient2.htm"));
  EXPECT_NE(again[1].httpErrNote.find("reads no HTTPERR log"), std::string::npos);
}

TEST_F(HttpErrFolder, AnHttpErrLogPrintedByACommandIsReadLikeAFolder) {
  // httpErrLog.fetchCommand (run/log_commands.h): the server's log as a command prints it, growing
  // between polls.
  scenario::SubstatusSettings settings;
  settings.httpErrLog.fetchCommands = {"ssh iis01 type ...\\HTTPERR\\httperr*.log"};
  settings.httpErrLog.timeout = std::chrono::milliseconds(5000);
  std::string printed = "#Software: Microsoft HTTP API 2.0\r\n";
  LogFetch fetch = [&printed] {
    FetchedLog out;
    out.files.push_back({"HTTPERR 1", printed});
    return out;
  };
  SubstatusResolver resolver(settings, {}, {fetch});
  resolver.start();
  auto legs = largeTokenLegs();
  const auto query = resolver.fromResponse(legs, "r.1.1", "GET", "/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(query);
  LogWaitOptions options;
  options.flush = [&]() -> std::optional<std::string> {
    printed += std::string(kHttpApi20).substr(std::string(kHttpApi20).find("#Version"));
    return std::nullopt;
  };
  resolver.awaitLog({*query}, options);
  resolver.fromLog(legs, *query);
  EXPECT_EQ(legs[1].httpErrReason, "FieldLength") << legs[1].httpErrNote;
}

}  // namespace
}  // namespace authreplay::expect
