// The HTML report (--report html:FILE): a golden page for the fixed result set plus a scenario
// through a proxy with IE's zero-length pre-authenticated POST, and what must hold whatever the
// page looks like: nothing from the wire becomes markup, tokens are shortened unless asked for,
// and the page loads nothing from anywhere.
#include "report/html_report.h"

#include <gtest/gtest.h>

#include <sstream>

#include "golden.h"
#include "report/report_file.h"
#include "report_sample.h"

namespace authreplay::report {
namespace {

using testing::expectGolden;
using testing::sampleLeg;
using testing::sampleRun;

// sampleRun() and a passing scenario whose POST went through a forward proxy (seed 000's IE
// pre-authenticated empty POST, answered 400 by the anonymous web service).
run::RunResult runWithProxy() {
  auto result = sampleRun();
  run::ScenarioResult proxied = result.scenarios.front();
  proxied.id = "ie.zero-length-post.via-proxy";
  proxied.title = "IE pre-authenticates a POST through the proxy and sends no body";
  proxied.file = "scenarios/ie/zero-length-post-via-proxy.json";
  proxied.browser = "ie11";
  proxied.tags = {"ntlm", "ie", "proxy"};
  auto leg = sampleLeg(400, 0, {}, "NTLM TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=", "NTLM/1", 0,
                       false);
  leg.exchange.proxy = "http://127.0.0.1:3128";
  leg.viaProxy = true;
  leg.exchange.request.method = "POST";
  leg.exchange.request.target = "http://localhost:8080/ActiveXTest/Anonymous/WebService.asmx";
  leg.exchange.request.headers.push_back({"Content-Length", "0"});
  leg.exchange.response.reason = "Bad Request";
  leg.exchange.connection = {1, false, 50414, "127.0.0.1", 3128, {}};
  run::StepResult step = proxied.steps.front();
  step.method = "POST";
  step.url = "http://localhost:8080/ActiveXTest/Anonymous/WebService.asmx";
  step.legs = {leg};
  step.checks = {{"status", 1, true, "400", "400", "", {}}};
  proxied.steps = {step};
  result.scenarios.insert(result.scenarios.begin() + 1, proxied);
  return result;
}

std::string html(const run::RunResult& result, bool showTokens = false) {
  std::ostringstream out;
  writeHtmlReport(result, out, {showTokens});
  return out.str();
}

TEST(HtmlReport, Golden) {
  expectGolden(html(runWithProxy()), "report.html");
}

// Judged by a baseline (report_sample.h): the page says "expected failure: reason" and "fixed".
TEST(HtmlReport, BaselineGolden) {
  const auto page = html(testing::sampleRunJudged(false));
  expectGolden(page, "report-baseline.html");
  EXPECT_NE(page.find("<span class=\"badge xfail\">XFAIL</span>"), std::string::npos);
  EXPECT_NE(page.find("<b>expected failure:</b> staging answers 200 to the Type 3 until CHG0042 "
                      "&lt;lands&gt;"),
            std::string::npos);
  EXPECT_NE(page.find("<b>fixed</b> (remove it from the baseline)"), std::string::npos);
  EXPECT_NE(page.find("0 passed, 0 failed, 1 expected failure, 1 fixed, 1 could not run"),
            std::string::npos);
  EXPECT_NE(page.find("warning: ci/baseline.json:8:5: scenario &quot;basics.renamed-long-ago&quot; "
                      "matches no loaded scenario"),
            std::string::npos);
}

TEST(HtmlReport, ShowsTheSummaryAndEveryLegAsTheWireHadIt) {
  const auto page = html(runWithProxy());
  // The summary table: one row per scenario with its result.
  for (const auto* id : {"basics.anonymous-offers", "ie.zero-length-post.via-proxy",
                         "basics.curl-ntlm-handshake", "basics.unreachable"}) {
    EXPECT_NE(page.find(std::string("<a href=\"#s-") + id + "\">" + id + "</a>"), std::string::npos)
        << id;
  }
  EXPECT_NE(page.find("5 scenarios: 2 passed, 1 failed, 1 could not run, 1 skipped"),
            std::string::npos);
  // The legs: status.substatus, the decoded NTLM message type, Content-Length, connection.
  EXPECT_NE(page.find(">401.1 Unauthorized<"), std::string::npos);
  EXPECT_NE(page.find("Authorization: NTLM/1 \u00b7 Content-Length: 0"), std::string::npos);
  EXPECT_NE(page.find(">conn #1<"), std::string::npos);
  EXPECT_NE(page.find(">reused :50414<"), std::string::npos);
  // The proxy gets its own lifeline only in the diagram of the leg that used it.
  EXPECT_NE(page.find(">127.0.0.1:3128<"), std::string::npos);
  // The failure: actual, expected and where the expectation stands.
  EXPECT_NE(page.find("\u2717 status: expected 403, actual 200  "
                      "(scenarios/basics/curl-ntlm-handshake.json:17:45)"),
            std::string::npos);
  // The scenario that could not run shows why.
  EXPECT_NE(page.find("could not complete GET http://127.0.0.1:9/: Failed to connect (connect)"),
            std::string::npos);
  // The skipped one is marked in the table and says why; it draws no diagram.
  EXPECT_NE(page.find("<span class=\"badge skipped\">SKIP</span>"), std::string::npos);
  EXPECT_NE(page.find("<b>skipped:</b> libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)"),
            std::string::npos);
}

TEST(HtmlReport, NothingFromTheWireBecomesMarkup) {
  auto result = sampleRun();
  auto& leg = result.scenarios[1].steps[0].legs[2];
  leg.exchange.response.reason = "<script>alert(1)</script>";
  leg.exchange.request.target = "/x?\"><img src=x onerror=alert(2)>";
  leg.exchange.response.headers.push_back({"X-Evil", "</pre><script>alert(3)</script>"});
  result.scenarios[2].steps[0].error = "<b onmouseover=alert(4)>";
  const auto page = html(result);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b onmouseover"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
}

TEST(HtmlReport, TokensAreShortenedUnlessShowTokens) {
  const std::string type1 = "TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=";
  EXPECT_EQ(html(sampleRun()).find(type1), std::string::npos);
  EXPECT_NE(html(sampleRun()).find("NTLM TlRMTVNTUAABAAAA...(44 chars)"), std::string::npos);
  EXPECT_NE(html(sampleRun(), true).find("Authorization: NTLM " + type1), std::string::npos);
}

TEST(HtmlReport, LoadsNothingFromAnywhere) {
  const auto page = html(runWithProxy());
  EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  for (const auto* reference :
       {"<script", "<link", "<img", "src=", "@import", "@font-face", "url(http", "href=\"http"}) {
    EXPECT_EQ(page.find(reference), std::string::npos) << reference;
  }
}

TEST(HtmlReport, IsAReportFormat) {
  const auto file = parseReportSpec("html:build/reports/authreplay.html");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->format, ReportFormat::kHtml);
  EXPECT_EQ(file->path, "build/reports/authreplay.html");
}

}  // namespace
}  // namespace authreplay::report
