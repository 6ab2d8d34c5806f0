// What HTTP.sys does with a request before IIS sees it: URL canonicalisation, host routing,
// header limits, 411, and its own error page (IIS-FACTS.md §3).
#include <gtest/gtest.h>

#include "iis-sim/config/binding_information.h"
#include "iis-sim/http/httpsys_error.h"
#include "iis-sim/http/httpsys_validation.h"
#include "iis-sim/http/request_target.h"

namespace iissim {
namespace {

TEST(RequestTarget, SplitsPathAndKeepsTheQueryExactlyAsSent) {
  const auto target = parseRequestTarget("/ActiveXTest/WebService.asmx?op=Hello%20World&x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/ActiveXTest/WebService.asmx");
  EXPECT_TRUE(target->hasQuery);
  EXPECT_EQ(target->rawQuery, "op=Hello%20World&x=1");
}

TEST(RequestTarget, DecodesAndCanonicalisesThePath) {
  EXPECT_EQ(parseRequestTarget("/a%20b/./c/../d/")->path, "/a b/d/");
  EXPECT_EQ(parseRequestTarget("/a\\b")->path, "/a/b");
  EXPECT_EQ(parseRequestTarget("//x//y")->path, "/x/y");
  EXPECT_EQ(parseRequestTarget("/")->path, "/");
  EXPECT_EQ(parseRequestTarget("http://localhost:8080/App/x.htm")->path, "/App/x.htm");
  EXPECT_FALSE(parseRequestTarget("/")->hasQuery);
}

TEST(RequestTarget, RejectsWhatHttpSysCallsAnInvalidUrl) {
  EXPECT_FALSE(parseRequestTarget("/../etc/passwd"));
  EXPECT_FALSE(parseRequestTarget("/a/%2e%2e/%2e%2e/b"));
  EXPECT_FALSE(parseRequestTarget("/%zz"));
  EXPECT_FALSE(parseRequestTarget("/abc%4"));
  EXPECT_FALSE(parseRequestTarget("/nul%00byte"));
  EXPECT_FALSE(parseRequestTarget("*"));
  EXPECT_FALSE(parseRequestTarget(""));
}

HttpRequest get(const std::string& host) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/";
  request.headers = {{"Host", host}};
  return request;
}

TEST(HttpSysValidation, RoutesByHostNameOfTheBinding) {
  const HttpSysLimits limits;
  EXPECT_FALSE(validateRequest(get("localhost:8080"), "localhost", limits));
  EXPECT_FALSE(validateRequest(get("LOCALHOST"), "localhost", limits));
  EXPECT_FALSE(validateRequest(get("anything"), "", limits));
  EXPECT_EQ(validateRequest(get("127.0.0.1:8080"), "localhost", limits),
            HttpSysError::kInvalidHostname);
  HttpRequest noHost = get("x");
  noHost.headers.clear();
  EXPECT_EQ(validateRequest(noHost, "", limits), HttpSysError::kInvalidHostname);
  noHost.version = 10;
  EXPECT_FALSE(validateRequest(noHost, "", limits));  // HTTP/1.0 may omit Host
}

// RFC 9112 §3.2: more than one Host line is a 400; HTTP.sys's reason is Hostname (issue 12).
TEST(HttpSysValidation, DuplicateHostHeaderIsAnInvalidHostname) {
  const HttpSysLimits limits;
  HttpRequest twice = get("localhost");
  twice.headers.emplace_back("host", "localhost");
  EXPECT_EQ(validateRequest(twice, "", limits), HttpSysError::kInvalidHostname);
  EXPECT_FALSE(validateRequest(get("localhost"), "", limits));
}

TEST(HttpSysValidation, HeaderLineOverMaxFieldLengthIsFieldLength) {
  const HttpSysLimits limits;  // MaxFieldLength 16384
  HttpRequest request = get("localhost");
  request.headers.emplace_back("X-Big", std::string(16384 - 7, 'a'));  // "X-Big: " + value
  EXPECT_FALSE(validateRequest(request, "localhost", limits));
  request.headers.back().second += 'a';
  EXPECT_EQ(validateRequest(request, "localhost", limits), HttpSysError::kFieldTooLong);
  EXPECT_STREQ(httpSysReason(HttpSysError::kFieldTooLong), "FieldLength");
}

TEST(HttpSysValidation, PostWithoutLengthIsLengthRequired) {
  HttpRequest request = get("localhost");
  request.method = "POST";
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}), HttpSysError::kLengthRequired);
  request.headers.emplace_back("Content-Length", "0");  // IE's zero-length POST is fine
  EXPECT_FALSE(validateRequest(request, "", HttpSysLimits{}));
}

// RFC 9113 §8.1: END_STREAM ends an HTTP/2 request's body, so no length is required there; its
// Host (from :authority) is required as on HTTP/1.1.
TEST(HttpSysValidation, Http2StreamsNeedNoLengthButAHost) {
  HttpRequest request = get("localhost");
  request.version = 20;
  request.method = "POST";
  EXPECT_FALSE(validateRequest(request, "", HttpSysLimits{}));
  request.headers.clear();
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}), HttpSysError::kInvalidHostname);
}

// Found by tests/integration/iis-sim/hostile_peer_lab_test.cpp: "Transfer-Encoding: gzip" was
// taken as a request without a body, answered, and the connection kept, so the body would have
// been read as the next request.
TEST(HttpSysValidation, ATransferCodingOtherThanChunkedIsNotImplemented) {
  HttpRequest request = get("localhost");
  request.method = "POST";
  request.headers.emplace_back("Transfer-Encoding", "gzip");
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}),
            HttpSysError::kTransferCodingNotImplemented);
  request.headers.back().second = "gzip, chunked";  // HTTP.sys decodes chunked only
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}),
            HttpSysError::kTransferCodingNotImplemented);
  request.headers.back().second = " Chunked ";
  EXPECT_FALSE(validateRequest(request, "", HttpSysLimits{}));
  const HttpResponse answer = renderHttpSysError(HttpSysError::kTransferCodingNotImplemented, "d");
  EXPECT_EQ(answer.status, 501);
  EXPECT_TRUE(answer.close);
  EXPECT_STREQ(httpSysReason(HttpSysError::kTransferCodingNotImplemented), "N/I");
}

TEST(HttpSysValidation, UnsupportedVersionAndBadUrl) {
  HttpRequest request = get("localhost");
  request.version = 30;  // 20 is an HTTP/2 stream's (http2_connection.h)
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}), HttpSysError::kVersionNotSupported);
  request = get("localhost");
  request.target = "/../x";
  EXPECT_EQ(validateRequest(request, "", HttpSysLimits{}), HttpSysError::kInvalidUrl);
}

TEST(HttpSysValidation, WellFormedRequestLineWithAnotherVersionIsVersionNotSupported) {
  // IIS-FACTS.md §10: HTTP/2.0 on a plain listener is 505 (HTTPERR Version_N/S).
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n"),
            HttpSysError::kVersionNotSupported);
  EXPECT_EQ(classifyBadRequestLine("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
            HttpSysError::kVersionNotSupported);
  EXPECT_EQ(classifyBadRequestLine("POST /a?b=c HTTP/3.0\r\n"), HttpSysError::kVersionNotSupported);
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/0.9\r\n"), HttpSysError::kVersionNotSupported);
}

TEST(HttpSysValidation, OtherBrokenRequestLinesStayBadRequest) {
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/1.1 EXTRA\r\n"), HttpSysError::kBadRequest);
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/x.y\r\n"), HttpSysError::kBadRequest);
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/10.0\r\n"), HttpSysError::kBadRequest);
  EXPECT_EQ(classifyBadRequestLine("GET / http/2.0\r\n"), HttpSysError::kBadRequest);
  EXPECT_EQ(classifyBadRequestLine("GET  HTTP/2.0\r\n"), HttpSysError::kBadRequest);
  EXPECT_EQ(classifyBadRequestLine("G(T / HTTP/1.1\r\n"), HttpSysError::kInvalidVerb);
  EXPECT_EQ(classifyBadRequestLine("G(T / HTTP/2.0\r\n"), HttpSysError::kInvalidVerb);
  EXPECT_EQ(classifyBadRequestLine("GET / HTTP/2.0"), HttpSysError::kBadRequest);  // no CRLF
  EXPECT_EQ(classifyBadRequestLine(""), HttpSysError::kBadRequest);
}

TEST(HttpSysValidation, SplitsTheRequestLineTheHttpErrLogRecords) {
  const auto parts = splitRequestLine("GET /a?authreplay-leg=r.1.2 HTTP/1.1\r\nHost: x\r\n");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->method, "GET");
  EXPECT_EQ(parts->target, "/a?authreplay-leg=r.1.2");
  EXPECT_EQ(parts->version, "HTTP/1.1");
  EXPECT_FALSE(splitRequestLine("GET /a HTTP/1.1"));  // no CRLF yet
  EXPECT_FALSE(splitRequestLine("GET /a b HTTP/1.1\r\n"));
  EXPECT_FALSE(splitRequestLine("GET /a \r\n"));
  EXPECT_FALSE(splitRequestLine("\r\n"));
}

TEST(HttpSysError, HeaderTooLongPagesNameWhichLimit) {
  // KB 2020943's "Request header too long": one line over MaxFieldLength, or all of them over
  // MaxRequestBytes, each with HTTP.sys's own heading and sentence.
  const HttpResponse field = renderHttpSysError(HttpSysError::kFieldTooLong, "d");
  EXPECT_EQ(field.status, 400);
  EXPECT_NE(field.body.find("<h2>Bad Request - Header Field Too Long</h2>"), std::string::npos);
  EXPECT_NE(field.body.find("HTTP Error 400. A request header field is too long."),
            std::string::npos);
  const HttpResponse request = renderHttpSysError(HttpSysError::kRequestTooLong, "d");
  EXPECT_NE(request.body.find("HTTP Error 400. The size of the request headers is too long."),
            std::string::npos);
  EXPECT_STREQ(httpSysReason(HttpSysError::kRequestTooLong), "RequestLength");
  const HttpResponse verb = renderHttpSysError(HttpSysError::kInvalidVerb, "d");
  EXPECT_NE(verb.body.find("<h2>Bad Request - Invalid Verb</h2>"), std::string::npos);
  EXPECT_STREQ(httpSysReason(HttpSysError::kInvalidVerb), "Verb");
}

TEST(HttpSysError, VersionNotSupportedIsHttpSysOwn505Page) {
  const HttpResponse response = renderHttpSysError(HttpSysError::kVersionNotSupported, "d");
  EXPECT_EQ(response.status, 505);
  EXPECT_EQ(response.reason, "HTTP Version Not Supported");
  EXPECT_TRUE(response.close);
  EXPECT_NE(response.body.find("<h2>HTTP Version Not Supported</h2>"), std::string::npos);
  EXPECT_NE(response.body.find("HTTP Error 505. The request has an invalid HTTP version."),
            std::string::npos);
  EXPECT_STREQ(httpSysReason(HttpSysError::kVersionNotSupported), "Version_N/S");
}

TEST(HttpSysError, BadRequestIsHttpSysOwnPageAndCloses) {
  const HttpResponse response =
      renderHttpSysError(HttpSysError::kBadRequest, "Sat, 21 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.reason, "Bad Request");
  EXPECT_TRUE(response.close);
  EXPECT_EQ(response.headers, (HeaderList{{"Content-Type", "text/html; charset=us-ascii"},
                                          {"Server", "Microsoft-HTTPAPI/2.0"},
                                          {"Date", "Sat, 21 Nov 2026 10:00:00 GMT"},
                                          {"Connection", "close"},
                                          {"Content-Length", "311"}}));
  EXPECT_EQ(response.body,
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/"
            "strict.dtd\">\r\n<HTML><HEAD><TITLE>Bad Request</TITLE>\r\n<META HTTP-EQUIV="
            "\"Content-Type\" Content=\"text/html; charset=us-ascii\"></HEAD>\r\n<BODY><h2>Bad "
            "Request</h2>\r\n<hr><p>HTTP Error 400. The request is badly formed.</p>\r\n</BODY>"
            "</HTML>\r\n");
}

TEST(HttpSysError, VariantsNameTheProblemInTheHeading) {
  EXPECT_NE(renderHttpSysError(HttpSysError::kRequestTooLong, "d")
                .body.find("<h2>Bad Request - Request Too Long</h2>"),
            std::string::npos);
  EXPECT_NE(renderHttpSysError(HttpSysError::kInvalidHostname, "d")
                .body.find("<h2>Bad Request - Invalid Hostname</h2>"),
            std::string::npos);
  EXPECT_EQ(renderHttpSysError(HttpSysError::kLengthRequired, "d").status, 411);
}

TEST(BindingInformation, ParsesIisTriples) {
  std::string error;
  const auto binding = parseBindingInformation("127.0.0.1:8080:localhost", &error);
  ASSERT_TRUE(binding) << error;
  EXPECT_EQ(binding->address, "127.0.0.1");
  EXPECT_EQ(binding->port, 8080);
  EXPECT_EQ(binding->hostHeader, "localhost");
  const auto v6 = parseBindingInformation("[::1]:0:", &error);
  ASSERT_TRUE(v6) << error;
  EXPECT_EQ(v6->address, "::1");
  EXPECT_EQ(v6->hostHeader, "");
}

TEST(BindingInformation, ExplainsWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parseBindingInformation("*:80:", &error));
  EXPECT_EQ(error, "the IP address must be explicit (e.g. 127.0.0.1), not \"*\"");
  EXPECT_FALSE(parseBindingInformation("127.0.0.1:70000:", &error));
  EXPECT_EQ(error, "port \"70000\" is not a number in 0..65535");
  EXPECT_FALSE(parseBindingInformation("localhost:80:", &error));
  EXPECT_EQ(error, "\"localhost\" is not a numeric IP address");
  EXPECT_FALSE(parseBindingInformation("127.0.0.1", &error));
  EXPECT_EQ(error, "expected \"IP:port:hostHeader\"");
}

}  // namespace
}  // namespace iissim
