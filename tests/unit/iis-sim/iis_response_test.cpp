// The headers IIS and HTTP.sys add around authentication and for the default verbs, in the order
// captures of IIS 10 show them (IIS-FACTS.md §9): Persistent-Auth on the response that completes a
// Windows logon, Proxy-Support on 401s offering NTLM/Negotiate, OPTIONS's Allow/Public, TRACE's
// 501, Allow on a 405.
#include "iis-sim/pipeline/iis_response.h"

#include <gtest/gtest.h>

#include "iis-sim/handlers/protocol_support_handler.h"
#include "iis-sim/http/request_target.h"

namespace iissim {
namespace {

constexpr const char* kDate = "Sat, 21 Nov 2026 10:00:00 GMT";

std::vector<std::string> names(const HttpResponse& response) {
  std::vector<std::string> result;
  for (const auto& header : response.headers)
    result.push_back(header.first);
  return result;
}

std::optional<std::string> valueOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name)
      return value;
  }
  return std::nullopt;
}

TEST(IisResponse, KerberosLogonCarriesPersistentAuthBetweenTheTokenAndXPoweredBy) {
  IisResponseParts parts;
  parts.contentType = "text/html";
  parts.wwwAuthenticate = {"Negotiate oYG3MIG0oAMKAQA="};
  parts.persistentAuth = true;
  parts.body = "ok";
  const HttpResponse response = buildIisResponse(parts, kDate);
  EXPECT_EQ(names(response), (std::vector<std::string>{"Content-Type", "Server", "WWW-Authenticate",
                                                       "Persistent-Auth", "X-Powered-By", "Date",
                                                       "Content-Length"}));
  EXPECT_EQ(valueOf(response, "Persistent-Auth"), "true");
}

TEST(IisResponse, PersistentAuthFalseAndAbsent) {
  IisResponseParts parts;
  parts.persistentAuth = false;
  EXPECT_EQ(valueOf(buildIisResponse(parts, kDate), "Persistent-Auth"), "false");
  parts.persistentAuth.reset();
  EXPECT_FALSE(valueOf(buildIisResponse(parts, kDate), "Persistent-Auth"));
}

TEST(IisResponse, ProxySupportComesLastOnTheChallenge) {
  // KB 2749007's capture: ... X-Powered-By, Date, Content-Length, Proxy-Support.
  IisResponseParts parts;
  parts.status = 401;
  parts.contentType = "text/html";
  parts.wwwAuthenticate = {"Negotiate", "NTLM"};
  parts.proxySupport = true;
  const HttpResponse response = buildIisResponse(parts, kDate);
  ASSERT_FALSE(response.headers.empty());
  EXPECT_EQ(response.headers.back(),
            (std::pair<std::string, std::string>{"Proxy-Support", "Session-Based-Authentication"}));
  EXPECT_EQ(response.headers[response.headers.size() - 2].first, "Content-Length");
}

TEST(IisResponse, OnlyConnectionBasedSchemesAskForSessionBasedProxies) {
  EXPECT_TRUE(offersSessionBasedAuthentication({"Negotiate", "NTLM"}));
  EXPECT_TRUE(offersSessionBasedAuthentication({"NTLM TlRMTVNTUAACAAAA"}));
  EXPECT_TRUE(offersSessionBasedAuthentication({"Basic realm=\"x\"", "negotiate"}));
  EXPECT_FALSE(offersSessionBasedAuthentication({"Basic realm=\"localhost\""}));
  EXPECT_FALSE(offersSessionBasedAuthentication({}));
  EXPECT_FALSE(offersSessionBasedAuthentication({"NTLMX"}));
}

class ProtocolSupportTest : public ::testing::Test {
 protected:
  HandlerResult serve(const std::string& method, const std::string& path) {
    http_.method = method;
    http_.target = path;
    target_ = *parseRequestTarget(path);
    const HandlerRequest request{http_, target_, location_, "http://localhost:80" + path, "", ""};
    return serveProtocolSupport(request);
  }

  HttpRequest http_;
  RequestTarget target_;
  Location location_;
};

TEST_F(ProtocolSupportTest, OptionsIsAnEmpty200WithAllowBeforeAndPublicAfterServer) {
  const HandlerResult result = serve("OPTIONS", "/ActiveXTest/ajaxClient2.htm");
  EXPECT_EQ(result.status, 200);
  EXPECT_FALSE(result.errorPage);
  IisResponseParts parts;
  parts.contentType = result.contentType;
  parts.extraHeaders = result.extraHeaders;
  parts.afterServerHeaders = result.afterServerHeaders;
  parts.body = result.body;
  const HttpResponse response = buildIisResponse(parts, kDate);
  // IIS 10: Allow, Server, Public, X-Powered-By, Date, Content-Length: 0 (no Content-Type).
  EXPECT_EQ(response.headers, (HeaderList{{"Allow", "OPTIONS, TRACE, GET, HEAD, POST"},
                                          {"Server", "Microsoft-IIS/10.0"},
                                          {"Public", "OPTIONS, TRACE, GET, HEAD, POST"},
                                          {"X-Powered-By", "ASP.NET"},
                                          {"Date", kDate},
                                          {"Content-Length", "0"}}));
}

TEST_F(ProtocolSupportTest, TraceIsNotImplemented) {
  const HandlerResult result = serve("TRACE", "/hello.txt");
  EXPECT_EQ(result.status, 501);
  EXPECT_EQ(result.substatus, 0);
  EXPECT_TRUE(result.errorPage);
  EXPECT_EQ(result.module, "ProtocolSupportModule");
  EXPECT_EQ(reasonPhrase(501), "Not Implemented");
}

TEST(ProtocolSupport, TakesTraceEverywhereAndOptionsExceptOnExtensionlessUrls) {
  EXPECT_TRUE(isProtocolSupportRequest("OPTIONS", "/ActiveXTest/ajaxClient2.htm"));
  EXPECT_TRUE(isProtocolSupportRequest("OPTIONS", "/ActiveXTest/WebService.asmx"));
  EXPECT_TRUE(isProtocolSupportRequest("TRACE", "/ActiveXTest/whoami"));
  // ExtensionlessUrlHandler-Integrated-4.0 lists OPTIONS among its verbs.
  EXPECT_FALSE(isProtocolSupportRequest("OPTIONS", "/ActiveXTest/whoami"));
  EXPECT_FALSE(isProtocolSupportRequest("GET", "/hello.txt"));
  EXPECT_FALSE(isProtocolSupportRequest("options", "/hello.txt"));  // methods are case-sensitive
}

}  // namespace
}  // namespace iissim
