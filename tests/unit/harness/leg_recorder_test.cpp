// libcurl's debug stream, as 7.88 writes it for its own NTLM handshake, split into legs.
#include "http/leg_recorder.h"

#include <gtest/gtest.h>

namespace authreplay::http {
namespace {

using Clock = LegRecorder::Clock;

class Stream {
 public:
  Stream& text(const std::string& t) { return (recorder.onText(t, tick()), *this); }
  Stream& out(const std::string& h) { return (recorder.onHeaderOut(h, tick()), *this); }
  Stream& body(const std::string& b) { return (recorder.onDataOut(b), *this); }
  Stream& in(const std::string& line) { return (recorder.onHeaderIn(line, tick()), *this); }
  Stream& data(const std::string& d) { return (recorder.onDataIn(d, tick()), *this); }
  Stream& prereq(int localPort) {
    return (recorder.onPrerequest("127.0.0.1", 8080, localPort), *this);
  }
  std::vector<Exchange> finish() { return recorder.finish("http://localhost:8080/app/", tick()); }
  LegRecorder recorder;

 private:
  Clock::time_point tick() { return now_ += std::chrono::milliseconds(1); }
  Clock::time_point now_{};
};

TEST(LegRecorder, SplitsLibcurlsNtlmHandshakeIntoThreeLegsOnOneConnection) {
  Stream s;
  s.text("  Trying 127.0.0.1:8080...\n")
      .text("Connected to localhost (127.0.0.1) port 8080 (#0)\n")
      .prereq(50412)
      .out("POST /app/ HTTP/1.1\r\nHost: localhost:8080\r\nContent-Length: 3\r\n\r\n")
      .body("abc")
      .in("HTTP/1.1 401 Unauthorized\r\n")
      .in("WWW-Authenticate: Negotiate\r\n")
      .in("WWW-Authenticate: NTLM\r\n")
      .in("Content-Length: 5\r\n")
      .in("\r\n")
      .data("denied")
      .text("Connection #0 to host localhost left intact\n")
      .text("Re-using existing connection #0 with host localhost\n")
      .prereq(50412)
      .out(
          "POST /app/ HTTP/1.1\r\nAuthorization: NTLM "
          "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=\r\n"
          "Content-Length: 0\r\n\r\n")
      .in("HTTP/1.1 401 Unauthorized\r\n")
      .in("WWW-Authenticate: NTLM TlRMTVNTUAACAAAA\r\n")
      .in("\r\n")
      .text("Re-using existing connection #0 with host localhost\n")
      .prereq(50412)
      .out(
          "POST /app/ HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAADAAAA\r\nContent-Length: "
          "3\r\n\r\n")
      .body("abc")
      .in("HTTP/1.1 200 OK\r\n")
      .in("Transfer-Encoding: chunked\r\n")
      .in("\r\n")
      .data("5\r\nHello\r\n6\r\n World\r\n0\r\n\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 3u);
  EXPECT_EQ(legs[0].request.method, "POST");
  EXPECT_EQ(legs[0].request.target, "/app/");
  EXPECT_EQ(legs[0].request.body, "abc");
  EXPECT_EQ(legs[0].response.status, 401);
  EXPECT_EQ(headerValues(legs[0].response.headers, "www-authenticate"),
            (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_TRUE(legs[0].connection.opened);
  EXPECT_EQ(legs[0].connection.id, 0);
  EXPECT_EQ(legs[0].connection.localPort, 50412);
  EXPECT_GE(legs[0].timings.connect.count(), 0);
  // The zero-length POST libcurl sends with its Type 1.
  EXPECT_EQ(firstHeader(legs[1].request.headers, "Content-Length"), "0");
  EXPECT_TRUE(legs[1].request.body.empty());
  EXPECT_FALSE(legs[1].connection.opened);
  EXPECT_EQ(legs[1].connection.id, 0);
  EXPECT_LT(legs[1].timings.connect.count(), 0);
  EXPECT_EQ(legs[2].response.status, 200);
  EXPECT_EQ(legs[2].response.body, "Hello World");
  EXPECT_EQ(legs[2].url, "http://localhost:8080/app/");
}

TEST(LegRecorder, InterimContinueIsKeptApartFromTheFinalStatus) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#3)\n")
      .out("POST /app/ HTTP/1.1\r\nExpect: 100-continue\r\n\r\n")
      .in("HTTP/1.1 100 Continue\r\n")
      .in("\r\n")
      .body("abc")
      .in("HTTP/1.1 200 OK\r\n")
      .in("Server: Microsoft-IIS/10.0\r\n")
      .in("\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].response.interimStatuses, std::vector<int>{100});
  EXPECT_EQ(legs[0].response.status, 200);
  EXPECT_EQ(legs[0].response.headers.size(), 1u);
  EXPECT_EQ(legs[0].connection.id, 3);
}

// Seen with the dotnet profile's Type 3 (Expect: 100-continue, IIS-FACTS.md §6): libcurl 7.88 does
// not pass the blank line after "100 Continue" to the debug callback when the final status line
// arrives in the same read, and the 200 must still be the leg's status.
TEST(LegRecorder, FinalStatusAfterAContinueWithoutItsBlankLine) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#1)\n")
      .out("POST /app/ HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
      .in("HTTP/1.1 100 Continue\r\n")
      .body("abc")
      .in("HTTP/1.1 200 OK\r\n")
      .in("Content-Type: text/xml\r\n")
      .in("\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].response.interimStatuses, std::vector<int>{100});
  EXPECT_EQ(legs[0].response.status, 200);
  EXPECT_EQ(legs[0].response.reason, "OK");
  EXPECT_EQ(legs[0].request.body, "abc");
}

TEST(LegRecorder, ANewConnectionForTheThirdLegIsSeen) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#0)\n")
      .prereq(1000)
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 401 Unauthorized\r\n")
      .in("Connection: close\r\n")
      .in("\r\n")
      .text("Closing connection 0\n")
      .text("  Trying 127.0.0.1:8080...\n")
      .text("Connected to localhost (127.0.0.1) port 8080 (#1)\n")
      .prereq(1001)
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 200 OK\r\n")
      .in("\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_TRUE(legs[1].connection.opened);
  EXPECT_EQ(legs[1].connection.id, 1);
  EXPECT_EQ(legs[1].connection.localPort, 1001);
}

TEST(LegRecorder, ALegWithoutResponseHasStatusZero) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#0)\n").out("GET / HTTP/1.1\r\n\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].response.status, 0);
}

// libcurl 7.88's texts for an h2 stream IIS resets with HTTP_1_1_REQUIRED, and its own retry on
// a new HTTP/1.1 connection (curl -v --http2 against iis-sim's TLS binding).
TEST(LegRecorder, AResetHttp2StreamAndLibcurlsRetryOnHttp11AreTwoLegs) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8443 (#0)\n")
      .text("ALPN: server accepted h2\n")
      .prereq(1000)
      .out("GET /ActiveXTest/ HTTP/2\r\nHost: localhost:8443\r\n\r\n")
      .text("HTTP/2 stream 1 was not closed cleanly: HTTP_1_1_REQUIRED (err 13)\n")
      .text("Downgrades to HTTP/1.1\n")
      .text("Connection #0 to host localhost left intact\n")
      .text("Issue another request to this URL: 'https://localhost:8443/ActiveXTest/'\n")
      .text("  Trying 127.0.0.1:8443...\n")
      .text("Connected to localhost (127.0.0.1) port 8443 (#1)\n")
      .text("ALPN: server accepted http/1.1\n")
      .prereq(1001)
      .out("GET /ActiveXTest/ HTTP/1.1\r\nHost: localhost:8443\r\n\r\n")
      .in("HTTP/1.1 401 Unauthorized\r\n")
      .in("\r\n");
  EXPECT_TRUE(s.recorder.streamResetSeen());
  EXPECT_EQ(s.recorder.lastStreamReset(), "HTTP_1_1_REQUIRED");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].response.status, 0);
  EXPECT_EQ(legs[0].response.streamReset, "HTTP_1_1_REQUIRED");
  EXPECT_EQ(legs[0].request.httpVersion, "HTTP/2");
  EXPECT_EQ(legs[0].connection.id, 0);
  EXPECT_EQ(legs[1].response.streamReset, "");
  EXPECT_EQ(legs[1].response.status, 401);
  EXPECT_EQ(legs[1].response.httpVersion, "HTTP/1.1");
  EXPECT_EQ(legs[1].connection.id, 1);
  EXPECT_TRUE(legs[1].connection.opened);
}

TEST(LegRecorder, AnHttp2ResponseKeepsItsVersionAndAMalformedResetTextIsIgnored) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8443 (#0)\n")
      .out("GET / HTTP/2\r\n\r\n")
      .in("HTTP/2 200 \r\n")
      .in("content-length: 0\r\n")
      .in("\r\n")
      .text("HTTP/2 stream 3 was not closed cleanly: \n")
      .text("HTTP/2 stream 5 was reset\n");
  EXPECT_FALSE(s.recorder.streamResetSeen());
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].response.status, 200);
  EXPECT_EQ(legs[0].response.httpVersion, "HTTP/2");
  EXPECT_EQ(legs[0].response.streamReset, "");
}

// Issue 15: the server closed the idle connection the next leg would have used; libcurl 7.88 says
// so and connects anew, and the leg records it (a failed "same connection" check then says why).
TEST(LegRecorder, AConnectionFoundDeadIsRecordedOnTheLegThatReplacedIt) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#0)\n")
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 401 Unauthorized\r\n")
      .in("\r\n")
      .text("Connection 0 seems to be dead\n")
      .text("  Trying 127.0.0.1:8080...\n")
      .text("Connected to localhost (127.0.0.1) port 8080 (#1)\n")
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 200 OK\r\n")
      .in("\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_FALSE(legs[0].connection.replacedDeadConnection);
  EXPECT_TRUE(legs[1].connection.replacedDeadConnection);
  EXPECT_TRUE(legs[1].connection.opened);
}

// A response whose connection ended before the blank line after its headers (issue 12).
TEST(LegRecorder, AResponseCutInsideItsHeadersIsMarkedIncomplete) {
  Stream s;
  s.text("Connected to localhost (127.0.0.1) port 8080 (#0)\n")
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 200 OK\r\n")
      .in("Server: x\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].response.status, 200);
  EXPECT_FALSE(legs[0].response.headersComplete);
}

// Bodies beyond the limit are counted, not kept; a chunked one is decoded as far as it was kept.
TEST(LegRecorder, ABodyBeyondTheLimitIsTruncatedAndCounted) {
  Stream s;
  s.recorder = LegRecorder(8);
  s.text("Connected to localhost (127.0.0.1) port 8080 (#0)\n")
      .out("GET / HTTP/1.1\r\n\r\n")
      .in("HTTP/1.1 200 OK\r\n")
      .in("Transfer-Encoding: chunked\r\n")
      .in("\r\n")
      .data("a\r\n0123456789\r\n")
      .data("a\r\n0123456789\r\n0\r\n\r\n");
  const auto legs = s.finish();
  ASSERT_EQ(legs.size(), 1u);
  const auto& response = legs[0].response;
  EXPECT_TRUE(response.headersComplete);
  EXPECT_TRUE(response.bodyTruncated);
  EXPECT_EQ(response.bodyBytesReceived, 35u);
  EXPECT_EQ(response.body, "01234");  // the first 8 raw bytes: "a\r\n01234"
}

// A HAR entry's startedDateTime and headersSize (report/har_report.h) come from these: the wall
// clock of the leg's start (its connect), and the header bytes of the request and of the final
// response only (not the 100 Continue before it).
TEST(LegRecorder, LegsCarryTheirWallClockStartAndHeaderSizes) {
  const auto wallBefore = std::chrono::system_clock::now();
  LegRecorder recorder;
  const auto t0 = Clock::now();
  recorder.onText("  Trying 127.0.0.1:8080...\n", t0);
  recorder.onText("Connected to localhost (127.0.0.1) port 8080 (#0)\n", t0);
  const std::string request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n";
  recorder.onHeaderOut(request, t0 + std::chrono::milliseconds(2));
  recorder.onHeaderIn("HTTP/1.1 100 Continue\r\n", t0 + std::chrono::milliseconds(3));
  recorder.onHeaderIn("\r\n", t0 + std::chrono::milliseconds(3));
  recorder.onHeaderIn("HTTP/1.1 200 OK\r\n", t0 + std::chrono::milliseconds(4));
  recorder.onHeaderIn("Content-Length: 0\r\n", t0 + std::chrono::milliseconds(4));
  recorder.onHeaderIn("\r\n", t0 + std::chrono::milliseconds(4));
  const auto legs = recorder.finish("http://x/", t0 + std::chrono::milliseconds(5));
  const auto wallAfter = std::chrono::system_clock::now();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_GE(legs[0].started, wallBefore);
  EXPECT_LE(legs[0].started, wallAfter);
  EXPECT_EQ(legs[0].requestHeaderBytes, request.size());
  EXPECT_EQ(legs[0].responseHeaderBytes,
            std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").size());
  EXPECT_EQ(legs[0].response.interimStatuses, std::vector<int>{100});
}

}  // namespace
}  // namespace authreplay::http
