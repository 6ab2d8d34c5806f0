// IIS's static file path: MIME map, default documents, the folder redirect, and the substatus and
// win32 status of each refusal (they reach the W3C log as "404 0 2", "403 14 0", ...).
#include "iis-sim/handlers/static_file_handler.h"

#include <gtest/gtest.h>

#include <fstream>

#include "iis-sim/handlers/identity_handler.h"
#include "iis-sim/handlers/soap_web_service.h"
#include "temp_folder.h"

namespace iissim {
namespace {

class StaticFileHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(folder_.path() / "App" / "Empty");
    std::ofstream(folder_.path() / "App" / "Page.htm") << "<p>page</p>";
    std::ofstream(folder_.path() / "App" / "index.htm") << "<p>index</p>";
    std::ofstream(folder_.path() / "App" / "data.xyz") << "?";
    std::ofstream(folder_.path() / "App" / "WebService.asmx") << "<%@ WebService %>";
    location_.path = "/App/";
    location_.physicalPath = folder_.path() / "App";
    location_.defaultDocuments = {"Default.htm", "index.htm"};
  }

  HandlerResult serve(const std::string& method, const std::string& target,
                      const std::string& body = "") {
    http_.method = method;
    http_.target = target;
    http_.body = body;
    target_ = *parseRequestTarget(target);
    const HandlerRequest request{http_, target_, location_, "http://localhost:80" + target_.path,
                                 "",    ""};
    if (target_.path.ends_with(".asmx"))
      return serveSoapWebService(request);
    return serveStaticFile(request);
  }

  testing::TempFolder folder_;
  Location location_;
  HttpRequest http_;
  RequestTarget target_;
};

TEST_F(StaticFileHandlerTest, ServesAFileWithItsMimeTypeWhateverTheUrlCase) {
  const HandlerResult result = serve("GET", "/app/PAGE.HTM");
  EXPECT_EQ(result.status, 200);
  EXPECT_FALSE(result.errorPage);
  EXPECT_EQ(result.contentType, "text/html");
  EXPECT_EQ(result.body, "<p>page</p>");
}

TEST_F(StaticFileHandlerTest, FolderGetsItsDefaultDocument) {
  const HandlerResult result = serve("GET", "/App/");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "<p>index</p>");
}

TEST_F(StaticFileHandlerTest, FolderWithoutSlashIsRedirected) {
  const HandlerResult result = serve("GET", "/App/Empty?x=1");
  EXPECT_EQ(result.status, 301);
  ASSERT_EQ(result.extraHeaders.size(), 1u);
  EXPECT_EQ(result.extraHeaders[0], (std::pair<std::string, std::string>{
                                        "Location", "http://localhost:80/App/Empty/?x=1"}));
}

TEST_F(StaticFileHandlerTest, RefusalsCarryIisSubstatusAndWin32Status) {
  const auto triple = [](const HandlerResult& r) {
    return std::to_string(r.status) + " " + std::to_string(r.substatus) + " " +
           std::to_string(r.win32Status);
  };
  EXPECT_EQ(triple(serve("GET", "/App/missing.htm")), "404 0 2");
  EXPECT_EQ(triple(serve("GET", "/App/Empty/")), "403 14 0");
  EXPECT_EQ(triple(serve("GET", "/App/data.xyz")), "404 3 50");
  EXPECT_EQ(triple(serve("POST", "/App/Page.htm")), "405 0 1");
  EXPECT_TRUE(serve("GET", "/App/missing.htm").errorPage);
}

TEST_F(StaticFileHandlerTest, WebServiceAnswersSeed000Requests) {
  EXPECT_EQ(serve("POST", "/App/WebService.asmx", "").status, 400);
  const HandlerResult hello =
      serve("POST", "/App/WebService.asmx",
            "<soap:Envelope><soap:Body><HelloWorld><name>abc</name></HelloWorld></soap:Body>"
            "</soap:Envelope>");
  EXPECT_EQ(hello.status, 200);
  EXPECT_EQ(hello.contentType, "text/xml; charset=utf-8");
  EXPECT_NE(hello.body.find("<HelloWorldResult>Hello World abc</HelloWorldResult>"),
            std::string::npos);
  EXPECT_EQ(serve("POST", "/App/WebService.asmx", "not xml").status, 500);  // SOAP fault
  EXPECT_EQ(serve("POST", "/App/Missing.asmx", "x").status, 404);
  EXPECT_EQ(serve("GET", "/App/WebService.asmx").status, 200);  // help page
}

TEST(IdentityHandler, ReportsUserAndScheme) {
  HttpRequest http;
  const RequestTarget target{"/App/whoami", "", false};
  const Location location;
  EXPECT_TRUE(isIdentityPath("/App/WHOAMI"));
  EXPECT_FALSE(isIdentityPath("/App/whoami.htm"));
  const HandlerResult result =
      serveIdentity(HandlerRequest{http, target, location, "", "HARNESS\\alice", "NTLM"});
  EXPECT_EQ(result.contentType, "application/json; charset=utf-8");
  EXPECT_EQ(result.body, R"({"authenticated":true,"scheme":"NTLM","user":"HARNESS\\alice"})");
}

}  // namespace
}  // namespace iissim
