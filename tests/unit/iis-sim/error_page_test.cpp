// IIS 10's error pages (IIS-FACTS.md §3): what a harness reads the substatus from.
#include "iis-sim/pages/error_page.h"

#include <gtest/gtest.h>

namespace iissim {
namespace {

ErrorPageContext anonymous401() {
  ErrorPageContext context;
  context.status = 401;
  context.substatus = 2;
  context.win32Status = 5;
  context.notification = "AuthenticateRequest";
  context.handler = "StaticFile";
  context.requestedUrl = "http://localhost:80/ActiveXTest/ajaxClient2.htm";
  context.physicalPath = "/srv/wwwroot/ActiveXTest/ajaxClient2.htm";
  context.logonMethod = "Not yet determined";
  context.logonUser = "Not yet determined";
  return context;
}

bool contains(const std::string& page, const std::string& text) {
  return page.find(text) != std::string::npos;
}

TEST(DetailedErrorPage, NamesTheSubstatusInTitleAndHeading) {
  const std::string page = renderDetailedErrorPage(anonymous401());
  EXPECT_TRUE(contains(page, "<title>IIS 10.0 Detailed Error - 401.2 - Unauthorized</title>"));
  EXPECT_TRUE(contains(page, "<h3>HTTP Error 401.2 - Unauthorized</h3>"));
  EXPECT_TRUE(contains(page,
                       "<h4>You are not authorized to view this page due to invalid "
                       "authentication headers.</h4>"));
}

TEST(DetailedErrorPage, HasTheDetailedErrorInformationTable) {
  const std::string page = renderDetailedErrorPage(anonymous401());
  EXPECT_TRUE(contains(page, "<h4>Detailed Error Information:</h4>"));
  for (const char* row :
       {"<th>Module</th><td>&nbsp;&nbsp;&nbsp;IIS Web Core</td>",
        "<th>Notification</th><td>&nbsp;&nbsp;&nbsp;AuthenticateRequest</td>",
        "<th>Handler</th><td>&nbsp;&nbsp;&nbsp;StaticFile</td>",
        "<th>Error Code</th><td>&nbsp;&nbsp;&nbsp;0x80070005</td>",
        "<th>Requested URL</th><td>&nbsp;&nbsp;&nbsp;http://localhost:80/ActiveXTest/"
        "ajaxClient2.htm</td>",
        "<th>Physical Path</th><td>&nbsp;&nbsp;&nbsp;/srv/wwwroot/ActiveXTest/ajaxClient2.htm</td>",
        "<th>Logon Method</th><td>&nbsp;&nbsp;&nbsp;Not yet determined</td>",
        "<th>Logon User</th><td>&nbsp;&nbsp;&nbsp;Not yet determined</td>"}) {
    EXPECT_TRUE(contains(page, row)) << row;
  }
}

TEST(DetailedErrorPage, LogonFailureHasItsOwnText) {
  ErrorPageContext context = anonymous401();
  context.substatus = 1;
  context.win32Status = 2148074252u;
  const std::string page = renderDetailedErrorPage(context);
  EXPECT_TRUE(contains(page, "<h3>HTTP Error 401.1 - Unauthorized</h3>"));
  EXPECT_TRUE(contains(page,
                       "<h4>You do not have permission to view this directory or page "
                       "using the credentials that you supplied.</h4>"));
  EXPECT_TRUE(contains(page, "0x8009030c"));
}

TEST(DetailedErrorPage, NotFoundAndDirectoryListing) {
  ErrorPageContext context = anonymous401();
  context.status = 404;
  context.substatus = 0;
  context.win32Status = 2;
  EXPECT_TRUE(contains(renderDetailedErrorPage(context), "<h3>HTTP Error 404.0 - Not Found</h3>"));
  context.status = 403;
  context.substatus = 14;
  EXPECT_TRUE(contains(renderDetailedErrorPage(context),
                       "<h4>The Web server is configured to not list the contents of this "
                       "directory.</h4>"));
}

TEST(DetailedErrorPage, EscapesWhatTheClientControls) {
  ErrorPageContext context = anonymous401();
  context.requestedUrl = "http://localhost/<script>";
  const std::string page = renderDetailedErrorPage(context);
  EXPECT_FALSE(contains(page, "<script>"));
  EXPECT_TRUE(contains(page, "&lt;script&gt;"));
}

TEST(CustomErrorPage, HidesTheSubstatus) {
  const std::string page = renderCustomErrorPage(401, 2);
  EXPECT_TRUE(contains(page,
                       "<title>401 - Unauthorized: Access is denied due to invalid credentials."
                       "</title>"));
  EXPECT_FALSE(contains(page, "401.2"));
  EXPECT_TRUE(contains(renderCustomErrorPage(404, 0),
                       "<title>404 - File or directory not found."
                       "</title>"));
}

TEST(ErrorPages, TraceNotImplemented) {
  ErrorPageContext context = anonymous401();
  context.status = 501;
  context.substatus = 0;
  context.module = "ProtocolSupportModule";
  context.notification = "ExecuteRequestHandler";
  context.handler = "TRACEVerbHandler";
  const std::string detailed = renderDetailedErrorPage(context);
  EXPECT_TRUE(contains(detailed, "<h3>HTTP Error 501.0 - Not Implemented</h3>"));
  EXPECT_TRUE(contains(detailed, "TRACEVerbHandler"));
  EXPECT_TRUE(contains(renderCustomErrorPage(501, 0),
                       "<title>501 - Header values specify a method that is not implemented."
                       "</title>"));
}

TEST(ErrorCodeText, Win32CodesBecomeHresultsAndSspiCodesStay) {
  EXPECT_EQ(errorCodeText(5), "0x80070005");
  EXPECT_EQ(errorCodeText(2), "0x80070002");
  EXPECT_EQ(errorCodeText(2148074254u), "0x8009030e");
  EXPECT_EQ(errorCodeText(0), "0x00000000");
}

}  // namespace
}  // namespace iissim
