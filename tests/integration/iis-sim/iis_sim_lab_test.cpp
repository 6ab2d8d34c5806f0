// iis-sim in the running lab (docs/lab.md), checked the way a client sees IIS: status lines,
// WWW-Authenticate offers, error page bodies, HTTP.sys's own 400, the W3C log, the admin listener
// and TLS with the lab's CA. Authentication handshakes themselves are tested in iis-sim-auth/.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "http_client.h"
#include "lab_env.h"
#include "raw_connection.h"
#include "w3c_log_reader.h"

namespace iissim::testing {
namespace {

using authreplay::testing::HttpClient;
using authreplay::testing::HttpRequestOptions;
using authreplay::testing::HttpResult;
using authreplay::testing::LabEnv;

// Seed 000_1228a0a8be7f2eea.txt's SOAP request.
constexpr const char* kHelloWorldEnvelope =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope "
    "xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
    "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soap:Body><HelloWorld "
    "xmlns=\"http://tempuri.org/\"><name>abc</name></HelloWorld></soap:Body></soap:Envelope>";

// A type 1 message as libcurl sends it (IIS-FACTS.md §8: 32 bytes, no Version field).
constexpr const char* kNtlmType1 = "NTLM TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=";

constexpr auto kLogWait = std::chrono::seconds(5);

// HTTPERR fields by position (HTTP API 2.0's list, IIS-FACTS.md §10).
enum HttpErrField {
  kClientPort = 3,
  kServerPort = 5,
  kVersion = 6,
  kVerb = 7,
  kUri = 8,
  kErrStatus = 9,
  kSiteId = 10,
  kReason = 11,
  kQueue = 12
};

// W3C fields by position (IIS's default field list, IIS-FACTS.md §4).
enum W3cField {
  kMethod = 3,
  kStem = 4,
  kQuery = 5,
  kUsername = 7,
  kStatus = 11,
  kSub = 12,
  kWin32 = 13
};

class IisSimLabTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lab_ = LabEnv::load();
    if (!lab_)
      GTEST_SKIP() << LabEnv::skipReason();
    target_ = lab_->get("AUTHREPLAY_TARGET");
    second_ = lab_->get("AUTHREPLAY_TARGET_SECOND");
    tls_ = lab_->get("AUTHREPLAY_TARGET_TLS");
    admin_ = lab_->get("AUTHREPLAY_ADMIN");
    ca_ = lab_->get("AUTHREPLAY_CA");
    logRoot_ = lab_->get("AUTHREPLAY_W3C_LOG");
    httpErr_ = lab_->get("AUTHREPLAY_HTTPERR_LOG");
    smallLimits_ = lab_->get("AUTHREPLAY_TARGET_SMALL_LIMITS");
    httpErrSmall_ = lab_->get("AUTHREPLAY_HTTPERR_LOG_SMALL_LIMITS");
  }

  HttpResult get(const std::string& url, std::vector<std::string> headers = {}) {
    HttpRequestOptions request;
    request.url = url;
    request.headers = std::move(headers);
    return client_.perform(request);
  }

  HttpResult post(const std::string& url, const std::string& body,
                  std::vector<std::string> headers = {}) {
    HttpRequestOptions request;
    request.method = "POST";
    request.url = url;
    request.body = body;
    request.headers = std::move(headers);
    return client_.perform(request);
  }

  HttpResult soapHelloWorld(const std::string& url) {
    return post(
        url, kHelloWorldEnvelope,
        {"SOAPAction: \"http://tempuri.org/HelloWorld\"", "Content-Type: text/xml; charset=utf-8"});
  }

  // A query string no other request (or parallel test) sends, to find this request's log line.
  static std::string uniqueProbe(const std::string& name) {
    static std::mt19937_64 random{std::random_device{}()};
    return "probe=" + name + "-" + std::to_string(random());
  }

  std::vector<std::string> logFields(int siteId, const std::string& probe) {
    const auto line = findW3cLine(logRoot_, siteId, " " + probe + " ", kLogWait);
    if (!line) {
      ADD_FAILURE() << "no W3C line with " << probe << " under " << logRoot_ << "/W3SVC" << siteId;
      return {};
    }
    auto fields = w3cFields(*line);
    EXPECT_EQ(fields.size(), 15u) << *line;
    fields.resize(15);
    return fields;
  }

  // The HTTPERR line (13 fields, log/httperr_log_format.h) holding MARKER in FOLDER.
  std::vector<std::string> httpErrFields(const std::string& folder, const std::string& marker) {
    const auto line = findHttpErrLine(folder, marker, kLogWait);
    if (!line) {
      ADD_FAILURE() << "no HTTPERR line with \"" << marker << "\" in " << folder;
      return std::vector<std::string>(13);
    }
    auto fields = w3cFields(*line);
    EXPECT_EQ(fields.size(), 13u) << *line;
    fields.resize(13);
    return fields;
  }

  std::optional<LabEnv> lab_;
  std::string target_, second_, tls_, admin_, ca_, logRoot_, httpErr_, smallLimits_, httpErrSmall_;
  HttpClient client_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(IisSimLabTest, AnonymousRequestToWindowsAppGets401WithProvidersInOrder) {
  const HttpResult result = get(target_ + "/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.headerValues("WWW-Authenticate"),
            (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_EQ(result.header("Server"), "Microsoft-IIS/10.0");
  EXPECT_EQ(result.header("X-Powered-By"), "ASP.NET");
  EXPECT_EQ(result.header("Content-Type"), "text/html");
  EXPECT_TRUE(result.header("Date"));
  // Loopback client + errorMode DetailedLocalOnly: the detailed page names the substatus.
  EXPECT_TRUE(
      contains(result.body, "<title>IIS 10.0 Detailed Error - 401.2 - Unauthorized</title>"));
  EXPECT_TRUE(contains(result.body, "HTTP Error 401.2 - Unauthorized"));
  EXPECT_TRUE(contains(result.body, "<th>Logon User</th><td>&nbsp;&nbsp;&nbsp;Not yet determined"));
}

TEST_F(IisSimLabTest, ChallengeOfferingWindowsSchemesCarriesProxySupportLast) {
  // KB 2749007's capture: HTTP.sys appends Proxy-Support after IIS's headers on a 401 offering
  // NTLM/Negotiate. A 401 with no offers (nothing enabled) has nothing for a proxy to pin.
  const HttpResult offers = get(target_ + "/ActiveXTest/ajaxClient2.htm");
  ASSERT_TRUE(offers) << offers.errorText;
  ASSERT_EQ(offers.status, 401);
  EXPECT_EQ(offers.header("Proxy-Support"), "Session-Based-Authentication");
  ASSERT_FALSE(offers.responses.empty());
  ASSERT_FALSE(offers.responses.back().headers.empty());
  EXPECT_EQ(offers.responses.back().headers.back().first, "Proxy-Support");
  EXPECT_FALSE(offers.header("Persistent-Auth"));
  const HttpResult none = get(target_ + "/NoAuth/");
  ASSERT_TRUE(none) << none.errorText;
  EXPECT_EQ(none.status, 401);
  EXPECT_FALSE(none.header("Proxy-Support"));
}

TEST_F(IisSimLabTest, AnonymousFirstLegIsLogged401Dot2Win32Five) {
  const std::string probe = uniqueProbe("anon401");
  const HttpResult result = get(target_ + "/ActiveXTest/ajaxClient2.htm?" + probe);
  ASSERT_TRUE(result) << result.errorText;
  ASSERT_EQ(result.status, 401);
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kMethod], "GET");
  EXPECT_EQ(fields[kStem], "/ActiveXTest/ajaxClient2.htm");
  EXPECT_EQ(fields[kQuery], probe);
  EXPECT_EQ(fields[kUsername], "-");
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "401 2 5");
}

TEST_F(IisSimLabTest, NoAuthenticationMethodEnabledIs401Dot2WithoutOffers) {
  const std::string probe = uniqueProbe("noauth");
  const HttpResult result = get(target_ + "/NoAuth/?" + probe);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 401);
  EXPECT_TRUE(result.headerValues("WWW-Authenticate").empty());
  EXPECT_TRUE(contains(result.body, "HTTP Error 401.2 - Unauthorized"));
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "401 2 5");
}

TEST_F(IisSimLabTest, KerberosOnlyProviderIsOfferedAsNegotiate) {
  const HttpResult result = get(target_ + "/KerberosOnly/");
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.headerValues("WWW-Authenticate"), std::vector<std::string>{"Negotiate"});
}

TEST_F(IisSimLabTest, EmptyPostToAnonymousWebServiceIs400) {
  // Seed 000: IE's zero-length POST reaches the anonymous service, which answers 400.
  const std::string probe = uniqueProbe("emptypost");
  const HttpResult result = post(
      target_ + "/ActiveXTest/Anonymous/WebService.asmx?" + probe, "",
      {"SOAPAction: \"http://tempuri.org/HelloWorld\"", "Content-Type: text/xml; charset=utf-8"});
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.header("Server"), "Microsoft-IIS/10.0");  // ASP.NET's 400, not HTTP.sys's
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kMethod], "POST");
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "400 0 0");
}

TEST_F(IisSimLabTest, IeZeroLengthPostWithNtlmType1ToAnonymousServiceIs400) {
  // Seed 000, frame 8: IE pre-authenticates the POST (Authorization: NTLM <Type 1>,
  // Content-Length: 0). The anonymous virtual directory ignores the header and the service gets
  // an empty SOAP request: 400, not the 401 challenge IE waited for.
  const std::string probe = uniqueProbe("iepreauth");
  const HttpResult result =
      post(target_ + "/ActiveXTest/Anonymous/WebService.asmx?" + probe, "",
           {std::string("Authorization: ") + kNtlmType1,
            "SOAPAction: http://tempuri.org/HelloWorld", "Content-Type: text/xml; charset=utf-8"});
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 400);
  EXPECT_TRUE(result.headerValues("WWW-Authenticate").empty());
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "400 0 0");
}

TEST_F(IisSimLabTest, SoapHelloWorldAnswersHelloWorldAbc) {
  const std::string probe = uniqueProbe("soap");
  const HttpResult result =
      soapHelloWorld(target_ + "/ActiveXTest/Anonymous/WebService.asmx?" + probe);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Content-Type"), "text/xml; charset=utf-8");
  EXPECT_TRUE(contains(result.body, "<HelloWorldResult>Hello World abc</HelloWorldResult>"));
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "200 0 0");
}

TEST_F(IisSimLabTest, SecondSiteServesTheServiceAnonymouslyAndLogsAsSiteTwo) {
  // Seed 000's workaround: the service on another host name and port.
  const std::string probe = uniqueProbe("second");
  const HttpResult result =
      soapHelloWorld(second_ + "/ActiveXTest/Anonymous/WebService.asmx?" + probe);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 200);
  EXPECT_TRUE(contains(result.body, "Hello World abc"));
  EXPECT_FALSE(logFields(2, probe).empty());
}

TEST_F(IisSimLabTest, ChunkedRequestBodyReachesTheService) {
  RawConnection connection(portOf(target_));
  const std::string envelope = kHelloWorldEnvelope;
  const std::size_t half = envelope.size() / 2;
  const auto chunk = [](const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
  };
  connection.send(
      "POST /ActiveXTest/Anonymous/WebService.asmx HTTP/1.1\r\nHost: " + authorityOf(target_) +
      "\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "
      "\"http://tempuri.org/HelloWorld\"\r\nTransfer-Encoding: chunked\r\n"
      "Connection: close\r\n\r\n" +
      chunk(envelope.substr(0, half)) + chunk(envelope.substr(half)) + "0\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_TRUE(contains(response, "Hello World abc"));
}

TEST_F(IisSimLabTest, StaticFilesDefaultDocumentRedirectAndNotFound) {
  HttpResult file = get(second_ + "/hello.txt");
  ASSERT_TRUE(file) << file.errorText;
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.header("Content-Type"), "text/plain");
  EXPECT_EQ(file.body, "hello from iis-sim\n");
  EXPECT_TRUE(file.header("Last-Modified"));

  const HttpResult page = get(second_ + "/ActiveXTest/Anonymous/");  // default document
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<title>Anonymous</title>"));

  const HttpResult folder = get(second_ + "/ActiveXTest/Anonymous");
  EXPECT_EQ(folder.status, 301);
  EXPECT_EQ(folder.header("Location"), second_ + "/ActiveXTest/Anonymous/");

  const std::string probe = uniqueProbe("missing");
  const HttpResult missing = get(second_ + "/no-such-file.htm?" + probe);
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing.body, "<h3>HTTP Error 404.0 - Not Found</h3>"));
  const auto fields = logFields(2, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "404 0 2");
}

TEST_F(IisSimLabTest, KeepAliveReusesTheConnection) {
  const HttpResult first = get(second_ + "/hello.txt");
  const HttpResult second = get(second_ + "/hello.txt");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first.numConnects, 1);
  EXPECT_EQ(second.numConnects, 0);
  EXPECT_EQ(first.localPort, second.localPort);
}

TEST_F(IisSimLabTest, MalformedRequestGetsHttpSys400AndCloseAndServerKeepsServing) {
  const std::string probe = uniqueProbe("malformed");
  std::string port;
  {
    RawConnection connection(portOf(target_));
    port = std::to_string(connection.localPort());
    connection.send("GET /?" + probe + " HTTP/1.1 EXTRA\r\nHost: " + authorityOf(target_) +
                    "\r\n\r\n");
    bool closed = false;
    const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
    EXPECT_TRUE(closed) << "HTTP.sys closes the connection after its 400";
    EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << response;
    EXPECT_TRUE(contains(response, "\r\nServer: Microsoft-HTTPAPI/2.0\r\n"));
    EXPECT_TRUE(contains(response, "\r\nConnection: close\r\n"));
    EXPECT_TRUE(contains(response, "<h2>Bad Request</h2>"));
    EXPECT_TRUE(contains(response, "HTTP Error 400. The request is badly formed."));
  }
  // Still serving; and HTTP.sys errors never reach the W3C log (IIS-FACTS.md §3): once the next
  // request's line is there, the malformed one would have been too.
  const std::string after = uniqueProbe("after");
  const HttpResult next = get(target_ + "/ActiveXTest/ajaxClient2.htm?" + after);
  ASSERT_TRUE(next) << next.errorText;
  EXPECT_EQ(next.status, 401);
  ASSERT_FALSE(logFields(1, after).empty());
  EXPECT_FALSE(findW3cLine(logRoot_, 1, probe, std::chrono::milliseconds(0)));
  // HTTPERR has it, with the request line as far as HTTP.sys could split it: not at all.
  const auto fields = httpErrFields(httpErr_, " " + port + " 127.0.0.1 ");
  EXPECT_EQ(fields[kClientPort], port);
  EXPECT_EQ(fields[kUri], "-");
  EXPECT_EQ(fields[kErrStatus], "400");
  EXPECT_EQ(fields[kReason], "BadRequest");
}

TEST_F(IisSimLabTest, OversizedHeaderIsRequestTooLongInTheHttpErrLog) {
  // KB 2020943 / KB 820129: request line and headers over MaxRequestBytes (16 KB).
  const std::string probe = uniqueProbe("toolong");
  RawConnection connection(portOf(target_));
  connection.send("GET /hello.txt?" + probe + " HTTP/1.1\r\nHost: " + authorityOf(target_) +
                  "\r\nX-Big: " + std::string(17000, 'a') + "\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << response;
  EXPECT_TRUE(contains(response, "<h2>Bad Request - Request Too Long</h2>"));
  EXPECT_TRUE(contains(response, "HTTP Error 400. The size of the request headers is too long."));
  // iis-sim's real HTTPERR file: the request as received, not routed (no site, no queue).
  const auto fields = httpErrFields(httpErr_, probe);
  EXPECT_EQ(fields[kClientPort], std::to_string(connection.localPort()));
  EXPECT_EQ(fields[kServerPort], std::to_string(portOf(target_)));
  EXPECT_EQ(fields[kVersion], "HTTP/1.1");
  EXPECT_EQ(fields[kVerb], "GET");
  EXPECT_EQ(fields[kUri], "/hello.txt?" + probe);
  EXPECT_EQ(fields[kErrStatus], "400");
  EXPECT_EQ(fields[kSiteId], "-");
  EXPECT_EQ(fields[kReason], "RequestLength");
  EXPECT_EQ(fields[kQueue], "-");
}

TEST_F(IisSimLabTest, OneHeaderLineOverMaxFieldLengthIsFieldLength) {
  // The small-limits server (MaxFieldLength 512): one 600-byte line is over it, the whole header
  // is far below MaxRequestBytes. Its own HTTP.sys logs it in its own HTTPERR folder.
  const std::string probe = uniqueProbe("field");
  RawConnection connection(portOf(smallLimits_));
  connection.send("GET /hello.txt?" + probe + " HTTP/1.1\r\nHost: " + authorityOf(smallLimits_) +
                  "\r\nCookie: " + std::string(600, 'c') + "\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(contains(response, "<h2>Bad Request - Header Field Too Long</h2>")) << response;
  EXPECT_TRUE(contains(response, "HTTP Error 400. A request header field is too long."));
  const auto fields = httpErrFields(httpErrSmall_, probe);
  EXPECT_EQ(fields[kReason], "FieldLength");
  EXPECT_EQ(fields[kClientPort], std::to_string(connection.localPort()));
  EXPECT_FALSE(findHttpErrLine(httpErr_, probe, std::chrono::milliseconds(0)))
      << "the default server's HTTP.sys never saw it";
  // A line just under the limit is served.
  const std::string fits = uniqueProbe("fits");
  EXPECT_EQ(get(smallLimits_ + "/hello.txt?" + fits,
                {"Cookie: " + std::string(512 - std::string("Cookie: ").size(), 'c')})
                .status,
            200);
}

TEST_F(IisSimLabTest, AnInvalidVerbIsVerb) {
  const std::string probe = uniqueProbe("verb");
  RawConnection connection(portOf(target_));
  connection.send("G(T /hello.txt?" + probe + " HTTP/1.1\r\nHost: " + authorityOf(target_) +
                  "\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(contains(response, "<h2>Bad Request - Invalid Verb</h2>")) << response;
  const auto fields = httpErrFields(httpErr_, probe);
  EXPECT_EQ(fields[kVerb], "G(T");
  EXPECT_EQ(fields[kReason], "Verb");
}

TEST_F(IisSimLabTest, AClientGoneMidBodyIsConnectionDroppedWithSiteAndQueue) {
  // The header was accepted and routed to site 1 (its queue: DefaultAppPool); the client resets
  // the connection before the announced body is complete. No response, no W3C line.
  const std::string probe = uniqueProbe("dropped");
  {
    RawConnection connection(portOf(target_));
    connection.send("POST /ActiveXTest/Anonymous/WebService.asmx?" + probe +
                    " HTTP/1.1\r\nHost: " + authorityOf(target_) +
                    "\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n0123456789");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    connection.abort();
  }
  const auto fields = httpErrFields(httpErr_, probe);
  EXPECT_EQ(fields[kVerb], "POST");
  EXPECT_EQ(fields[kErrStatus], "-");
  EXPECT_EQ(fields[kSiteId], "1");
  EXPECT_EQ(fields[kReason], "Connection_Dropped");
  EXPECT_EQ(fields[kQueue], "DefaultAppPool");
  EXPECT_FALSE(findW3cLine(logRoot_, 1, probe, std::chrono::milliseconds(0)));
}

TEST_F(IisSimLabTest, AnIdleKeepAliveConnectionIsClosedAsTimerConnectionIdle) {
  // HTTP.sys closes a keep-alive connection that sends nothing for connectionTimeout (120 s by
  // default; 3 s on the small-limits server) and logs it with no request fields.
  RawConnection connection(portOf(smallLimits_));
  connection.send("GET /hello.txt HTTP/1.1\r\nHost: " + authorityOf(smallLimits_) + "\r\n\r\n");
  bool closed = false;
  const auto start = std::chrono::steady_clock::now();
  const std::string response = connection.readUntilClose(std::chrono::seconds(10), &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_TRUE(closed) << "the server closes the idle connection";
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  const std::string port = std::to_string(connection.localPort());
  const auto fields =
      httpErrFields(httpErrSmall_, " " + port + " 127.0.0.1 " +
                                       std::to_string(portOf(smallLimits_)) + " - - - - - ");
  EXPECT_EQ(fields[kReason], "Timer_ConnectionIdle");
  EXPECT_EQ(fields[kQueue], "-");
}

TEST_F(IisSimLabTest, UnknownHostNameIsHttpSysInvalidHostname) {
  RawConnection connection(portOf(target_));
  connection.send("GET / HTTP/1.1\r\nHost: not-bound.example\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(contains(response, "<h2>Bad Request - Invalid Hostname</h2>")) << response;
}

TEST_F(IisSimLabTest, ExpectContinueGetsThe401InsteadOf100) {
  // .NET's HttpWebRequest against NTLM (IIS-FACTS.md §6): headers with Expect: 100-continue get
  // the 401 at once, no 100; the announced body was never read, so the connection closes.
  RawConnection connection(portOf(target_));
  connection.send("POST /ActiveXTest/ajaxClient2.htm HTTP/1.1\r\nHost: " + authorityOf(target_) +
                  "\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 401 Unauthorized\r\n", 0), 0u) << response;
  EXPECT_FALSE(contains(response, "100 Continue"));
}

TEST_F(IisSimLabTest, ExpectContinueOnAnAnonymousServiceGets100ThenTheAnswer) {
  RawConnection connection(portOf(target_));
  const std::string envelope = kHelloWorldEnvelope;
  connection.send("POST /ActiveXTest/Anonymous/WebService.asmx HTTP/1.1\r\nHost: " +
                  authorityOf(target_) + "\r\nContent-Length: " + std::to_string(envelope.size()) +
                  "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
  bool closed = false;
  const std::string interim = connection.readUntilClose(std::chrono::milliseconds(500), &closed);
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  connection.send(envelope);
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_TRUE(contains(response, "Hello World abc"));
}

TEST_F(IisSimLabTest, BodyOverMaxAllowedContentLengthIs404Dot13) {
  const std::string probe = uniqueProbe("toolarge");
  RawConnection connection(portOf(second_));
  connection.send("POST /ActiveXTest/Anonymous/WebService.asmx?" + probe + " HTTP/1.1\r\nHost: " +
                  authorityOf(second_) + "\r\nContent-Length: 40000000\r\n\r\nabc");
  bool closed = false;
  const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(response.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << response;
  EXPECT_TRUE(contains(response, "HTTP Error 404.13 - Not Found"));
  const auto fields = logFields(2, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "404 13 0");
}

TEST_F(IisSimLabTest, HeadAnnouncesTheLengthWithoutTheBody) {
  HttpRequestOptions request;
  request.method = "HEAD";
  request.url = second_ + "/hello.txt";
  const HttpResult result = client_.perform(request);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Content-Length"), "19");
  EXPECT_TRUE(result.body.empty());
}

TEST_F(IisSimLabTest, OptionsIsAnsweredByProtocolSupportWithAllowAndPublic) {
  const std::string probe = uniqueProbe("options");
  HttpRequestOptions request;
  request.method = "OPTIONS";
  request.url = second_ + "/hello.txt?" + probe;
  const HttpResult result = client_.perform(request);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.header("Allow"), "OPTIONS, TRACE, GET, HEAD, POST");
  EXPECT_EQ(result.header("Public"), "OPTIONS, TRACE, GET, HEAD, POST");
  EXPECT_EQ(result.header("Content-Length"), "0");
  EXPECT_FALSE(result.header("Content-Type"));
  EXPECT_TRUE(result.body.empty());
  const auto fields = logFields(2, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kMethod], "OPTIONS");
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "200 0 0");
}

TEST_F(IisSimLabTest, OptionsToAWindowsOnlyAppGetsThe401First) {
  // Authentication runs before the handler is chosen: no verb gets past AuthenticateRequest.
  const std::string probe = uniqueProbe("options401");
  HttpRequestOptions request;
  request.method = "OPTIONS";
  request.url = target_ + "/ActiveXTest/ajaxClient2.htm?" + probe;
  const HttpResult result = client_.perform(request);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 401);
  EXPECT_EQ(result.headerValues("WWW-Authenticate"),
            (std::vector<std::string>{"Negotiate", "NTLM"}));
  EXPECT_FALSE(result.header("Public"));
  EXPECT_TRUE(contains(result.body, "<th>Handler</th><td>&nbsp;&nbsp;&nbsp;OPTIONSVerbHandler"))
      << result.body;
  const auto fields = logFields(1, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "401 2 5");
}

TEST_F(IisSimLabTest, TraceIsNotImplemented) {
  // IIS 7+ do not echo TRACE: TRACEVerbHandler answers 501 with IIS's error page.
  const std::string probe = uniqueProbe("trace");
  HttpRequestOptions request;
  request.method = "TRACE";
  request.url = second_ + "/hello.txt?" + probe;
  const HttpResult result = client_.perform(request);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 501);
  EXPECT_EQ(result.header("Server"), "Microsoft-IIS/10.0");
  EXPECT_TRUE(contains(result.body, "HTTP Error 501.0 - Not Implemented")) << result.body;
  EXPECT_FALSE(contains(result.body, probe + " HTTP/1.1")) << "the request must not be echoed";
  const auto fields = logFields(2, probe);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kMethod], "TRACE");
  EXPECT_EQ(fields[kStatus], "501");
  EXPECT_EQ(fields[kSub], "0");
}

TEST_F(IisSimLabTest, MethodNotAllowedCarriesAllow) {
  // RFC 9110 §15.5.6; IIS's StaticFileModule lists the verbs it serves.
  const HttpResult staticFile = post(second_ + "/hello.txt", "x");
  ASSERT_TRUE(staticFile) << staticFile.errorText;
  EXPECT_EQ(staticFile.status, 405);
  EXPECT_EQ(staticFile.header("Allow"), "GET, HEAD, OPTIONS, TRACE");
  HttpRequestOptions put;
  put.method = "PUT";
  put.url = second_ + "/ActiveXTest/Anonymous/WebService.asmx";
  put.body = "x";
  const HttpResult service = client_.perform(put);
  ASSERT_TRUE(service) << service.errorText;
  EXPECT_EQ(service.status, 405);
  EXPECT_EQ(service.header("Allow"), "GET, HEAD, OPTIONS, TRACE");
}

TEST_F(IisSimLabTest, OtherHttpVersionsGetHttpSys505) {
  // IIS-FACTS.md §10: an HTTP/2.0 request line on a plain listener is HTTP.sys's 505
  // (HTTPERR Version_N/S), and so is any version but 1.0 and 1.1; never in the W3C log.
  for (const std::string version : {"HTTP/2.0", "HTTP/3.0"}) {
    const std::string probe = uniqueProbe("version");
    RawConnection connection(portOf(target_));
    connection.send("GET /hello.txt?" + probe + " " + version +
                    "\r\nHost: " + authorityOf(target_) + "\r\n\r\n");
    bool closed = false;
    const std::string response = connection.readUntilClose(std::chrono::seconds(5), &closed);
    EXPECT_TRUE(closed) << version;
    EXPECT_EQ(response.rfind("HTTP/1.1 505 HTTP Version Not Supported\r\n", 0), 0u) << response;
    EXPECT_TRUE(contains(response, "\r\nServer: Microsoft-HTTPAPI/2.0\r\n")) << response;
    EXPECT_TRUE(contains(response, "\r\nConnection: close\r\n")) << response;
    EXPECT_TRUE(contains(response, "<h2>HTTP Version Not Supported</h2>")) << response;
    EXPECT_TRUE(contains(response, "HTTP Error 505. The request has an invalid HTTP version."));
    const std::string after = uniqueProbe("after505");
    ASSERT_EQ(get(target_ + "/hello.txt?" + after).status, 200);
    ASSERT_FALSE(logFields(1, after).empty());
    EXPECT_FALSE(findW3cLine(logRoot_, 1, probe, std::chrono::milliseconds(0)));
    const auto fields = httpErrFields(httpErr_, probe);
    EXPECT_EQ(fields[kVersion], version);
    EXPECT_EQ(fields[kErrStatus], "505");
    EXPECT_EQ(fields[kReason], "Version_N/S");
  }
}

TEST_F(IisSimLabTest, AdminHealthRecycleAndFlushLogs) {
  EXPECT_EQ(get(admin_ + "/health").status, 200);
  const HttpResult flushed = post(admin_ + "/flush-logs", "");
  EXPECT_EQ(flushed.status, 200);
  EXPECT_EQ(flushed.body, "flushed\n");
  EXPECT_EQ(get(admin_ + "/flush-logs").status, 405);
  EXPECT_EQ(post(admin_ + "/recycle?site=Default&app=/FirstRequest/", "").status, 200);
  EXPECT_EQ(post(admin_ + "/recycle?site=Default&app=/NoSuchApp/", "").status, 404);
  EXPECT_EQ(post(admin_ + "/recycle?site=NoSuchSite&app=/FirstRequest/", "").status, 404);
}

TEST_F(IisSimLabTest, RecycleMakesTheNextCredentialBearingRequestTheFirstOne) {
  // KB 2749007 with kernel-mode authentication: a first request that already carries
  // Authorization: NTLM gets 401.1 (0x8009030E); the next one starts a normal handshake.
  // /FirstRequest/ is reserved for this, so parallel tests do not consume its first request.
  ASSERT_EQ(post(admin_ + "/recycle?site=Default&app=/FirstRequest/", "").status, 200);
  const std::string first = uniqueProbe("firstreq");
  HttpRequestOptions request;
  request.url = target_ + "/FirstRequest/index.htm?" + first;
  request.headers = {std::string("Authorization: ") + kNtlmType1};
  request.forbidReuse = true;
  const HttpResult refused = client_.perform(request);
  ASSERT_TRUE(refused) << refused.errorText;
  EXPECT_EQ(refused.status, 401);
  auto fields = logFields(1, first);
  ASSERT_FALSE(fields.empty());
  EXPECT_EQ(fields[kStatus] + " " + fields[kSub] + " " + fields[kWin32], "401 1 2148074254");

  const std::string second = uniqueProbe("secondreq");
  request.url = target_ + "/FirstRequest/index.htm?" + second;
  const HttpResult challenged = client_.perform(request);
  ASSERT_TRUE(challenged) << challenged.errorText;
  EXPECT_EQ(challenged.status, 401);
  const auto offers = challenged.headerValues("WWW-Authenticate");
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].rfind("NTLM TlRMTVNTUAAC", 0), 0u) << offers[0];  // a Type 2 challenge
}

TEST_F(IisSimLabTest, HttpsWithTheLabCa) {
  HttpRequestOptions request;
  request.url = tls_ + "/hello.txt";
  request.caFile = ca_;
  const HttpResult result = client_.perform(request);
  ASSERT_TRUE(result) << result.errorText;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "hello from iis-sim\n");
}

TEST_F(IisSimLabTest, IdentityEndpointReportsAnonymousAndBasicUsers) {
  const HttpResult anonymous = get(second_ + "/whoami");
  ASSERT_TRUE(anonymous) << anonymous.errorText;
  EXPECT_EQ(anonymous.status, 200);
  EXPECT_EQ(nlohmann::json::parse(anonymous.body),
            (nlohmann::json{{"user", ""}, {"scheme", ""}, {"authenticated", false}}));

  HttpRequestOptions request;
  request.url = tls_ + "/BasicTls/whoami";
  request.caFile = ca_;
  request.httpAuth = CURLAUTH_BASIC;
  request.userPassword = lab_->get("AUTHREPLAY_USER") + ":" + lab_->get("AUTHREPLAY_PASSWORD");
  const HttpResult basic = client_.perform(request);
  ASSERT_TRUE(basic) << basic.errorText;
  EXPECT_EQ(basic.status, 200) << basic.body;
  const auto identity = nlohmann::json::parse(basic.body, nullptr, false);
  EXPECT_EQ(identity.value("user", ""), "HARNESS\\alice");
  EXPECT_EQ(identity.value("scheme", ""), "Basic");
  EXPECT_EQ(identity.value("authenticated", false), true);
}

}  // namespace
}  // namespace iissim::testing
