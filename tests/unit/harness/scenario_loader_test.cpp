#include "scenario/scenario_loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "browser/browser_catalogue.h"
#include "golden.h"
#include "json/source_document.h"
#include "scenario/scenario_set.h"

namespace authreplay::scenario {
namespace {

using testing::expectGolden;
using testing::loadErrorsOf;
using testing::readText;
using testing::testDataDir;

constexpr const char* kFullScenario = R"({
  "id": "ie.zero-length-post",
  "title": "IE posts an empty body",
  "source": "000_1228a0a8be7f2eea.txt",
  "description": "why",
  "tags": ["ntlm", "ie"],
  "client": { "browser": "curl", "schemes": ["NTLM"], "preAuth": false, "credentials": "wrongPassword",
              "proxy": "pinned" },
  "steps": [
    { "name": "page",
      "request": { "origin": "second", "method": "POST", "path": "/app/ws.asmx",
                   "headers": { "SOAPAction": "x", "Content-Type": "text/xml" },
                   "body": "<a/>", "connection": "fresh" },
      "expect": {
        "legs": [
          { "sent": "NTLM/1", "contentLength": 0, "connection": "new", "status": 401,
            "substatus": 1, "win32Status": 2148074254, "offers": ["NTLM"],
            "headers": { "Server": "Microsoft-IIS/10.0", "X-Gone": { "present": false },
                         "WWW-Authenticate": { "matches": "^NTLM " } },
            "body": { "contains": "401.1", "matches": "HTTP Error [0-9.]+" } }
        ],
        "status": 401, "user": "HARNESS\\alice", "scheme": "NTLM" } },
    { "recycle": { "app": "/app/" } }
  ]
})";

TEST(ScenarioLoader, ReadsEveryPartOfAScenario) {
  const auto s = parseScenario(kFullScenario, "full.json", ".", browser::catalogue());
  EXPECT_EQ(s.id, "ie.zero-length-post");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"ntlm", "ie"}));
  EXPECT_EQ(s.client.schemes, std::vector{auth::Scheme::kNtlm});
  EXPECT_EQ(s.client.preAuth, false);
  EXPECT_EQ(s.client.credentials, Credentials::kWrongPassword);
  EXPECT_EQ(s.client.proxy, "pinned");
  ASSERT_EQ(s.steps.size(), 2u);
  const auto& step = std::get<RequestStep>(s.steps[0].action);
  EXPECT_EQ(step.request.origin, "second");
  EXPECT_EQ(step.request.method, "POST");
  EXPECT_EQ(step.request.body, "<a/>");
  EXPECT_EQ(step.request.connection, ConnectionPolicy::kFresh);
  // Headers go out in the order the author wrote them, not nlohmann's sorted order.
  ASSERT_EQ(step.request.headers.size(), 2u);
  EXPECT_EQ(step.request.headers[0].first, "SOAPAction");
  const auto& leg = step.expect.legs->value.at(0);
  EXPECT_EQ(leg.sent->value, "NTLM/1");
  EXPECT_EQ(leg.contentLength->value, 0);
  EXPECT_EQ(leg.connection->value, ConnectionExpectation::kNew);
  EXPECT_EQ(leg.response.win32Status->value, 2148074254u);
  EXPECT_EQ(leg.response.headers.size(), 3u);
  EXPECT_EQ(leg.response.status->where.line, 16u);
  EXPECT_EQ(std::string(leg.response.status->where.lineText()).find("\"sent\": \"NTLM/1\"") !=
                std::string::npos,
            true);
  EXPECT_EQ(step.expect.user->value, "HARNESS\\alice");
  const auto& recycle = std::get<RecycleStep>(s.steps[1].action);
  EXPECT_EQ(recycle.app, "/app/");
  EXPECT_EQ(recycle.origin, "default");
}

TEST(ScenarioLoader, DefaultsAreABrowserlessGet) {
  const auto s =
      parseScenario(R"({"id": "a", "title": "t", "steps": [ { "request": { "path": "/" } } ]})",
                    "a.json", ".", browser::catalogue());
  EXPECT_EQ(s.client.browser, "curl");
  EXPECT_EQ(s.client.credentials, Credentials::kTarget);
  const auto& request = std::get<RequestStep>(s.steps[0].action).request;
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.origin, "default");
  EXPECT_FALSE(request.body.has_value());
}

// Issue 15 part 3: "$schema" is allowed (not read) and win32 codes may be written as operators
// read them, in hexadecimal.
TEST(ScenarioLoader, SchemaKeyAndHexadecimalWin32Status) {
  const auto s =
      parseScenario(R"({"$schema": "../docs/scenario.schema.json", "id": "a", "title": "t",
      "steps": [ { "request": { "path": "/" },
                   "expect": { "win32Status": "0x8009030E",
                               "legs": [ { "win32Status": 5 }, { "win32Status": "0XFFFFFFFF" } ] } } ]})",
                    "a.json", ".", browser::catalogue());
  const auto& expect = std::get<RequestStep>(s.steps[0].action).expect;
  EXPECT_EQ(expect.final.win32Status->value, 2148074254u);
  EXPECT_EQ(expect.legs->value[0].response.win32Status->value, 5u);
  EXPECT_EQ(expect.legs->value[1].response.win32Status->value, 0xFFFFFFFFu);
  for (const char* bad :
       {R"("8009030E")", R"("0x")", R"("0x8009030G")", R"("-0x1")", "-1", "4294967296"}) {
    EXPECT_THROW(
        parseScenario(
            std::string(R"({"id": "a", "title": "t", "steps": [ { "request": { "path": "/" },
                      "expect": { "win32Status": )") +
                bad + "} } ]}",
            "a.json", ".", browser::catalogue()),
        json::SourceError)
        << bad;
  }
}

// All of a file's errors, in file order, as one SourceErrors whose own message is the first's.
TEST(ScenarioLoader, EveryErrorOfAFileIsReportedInFileOrder) {
  try {
    parseScenario(R"({"id": "a", "title": "t", "steps": [
      { "request": { "path": "x" }, "expect": { "status": 999 } },
      { "request": { "path": "/", "method": "GTE" } } ]})",
                  "a.json", ".", browser::catalogue());
    FAIL() << "loaded";
  } catch (const json::SourceErrors& e) {
    ASSERT_EQ(e.all().size(), 3u);
    EXPECT_NE(e.all()[0].message().find("must start with '/'"), std::string::npos);
    EXPECT_NE(e.all()[1].message().find("HTTP status"), std::string::npos);
    EXPECT_NE(e.all()[2].message().find("did you mean \"GET\""), std::string::npos);
    EXPECT_EQ(std::string(e.what()), std::string(e.all()[0].what()));
  }
}

TEST(ScenarioLoader, BodyFileIsReadRelativeToTheScenario) {
  const auto s =
      loadScenario(testDataDir() / "data" / "scenario-with-body-file.json", browser::catalogue());
  EXPECT_EQ(std::get<RequestStep>(s.steps[0].action).request.body, "<soap/>\n");
}

// Every malformed file gives "file:line:col: message" pointing at the culprit; the messages are
// what users read, so they are reviewed as a golden file.
TEST(ScenarioLoader, InvalidFilesGiveThePositionAndAClearMessage) {
  expectGolden(loadErrorsOf("invalid-scenarios",
                            [](const std::string& text, const std::string& name,
                               const std::filesystem::path& dir) {
                              parseScenario(text, name, dir, browser::catalogue());
                            }),
               "invalid-scenarios.txt");
}

TEST(ScenarioSet, DuplicateIdsAreAnErrorNamingBothFiles) {
  const auto dir = testDataDir() / "data" / "duplicate-ids";
  const auto loaded = loadScenarios(findScenarioFiles({dir.string()}), browser::catalogue());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(std::string(loaded.errors[0].what()).find("duplicate scenario id \"dup.same\""),
            std::string::npos);
  EXPECT_NE(std::string(loaded.errors[0].what()).find("a.json:2:9"), std::string::npos);
}

TEST(ScenarioSet, FiltersByIdGlobAndTag) {
  std::vector<Scenario> all(3);
  all[0].id = "basics.one";
  all[0].tags = {"ntlm"};
  all[1].id = "basics.two";
  all[1].tags = {"kerberos"};
  all[2].id = "ie.three";
  all[2].tags = {"ntlm"};
  auto ids = [](const std::vector<Scenario>& v) {
    std::vector<std::string> out;
    for (const auto& s : v)
      out.push_back(s.id);
    return out;
  };
  EXPECT_EQ(ids(select(all, {{"ie.three"}, {}, {}})), std::vector<std::string>{"ie.three"});
  EXPECT_EQ(ids(select(all, {{}, {"basics.*"}, {}})),
            (std::vector<std::string>{"basics.one", "basics.two"}));
  EXPECT_EQ(ids(select(all, {{}, {}, {"ntlm"}})),
            (std::vector<std::string>{"basics.one", "ie.three"}));
  EXPECT_EQ(ids(select(all, {{}, {"basics.*"}, {"ntlm"}})), std::vector<std::string>{"basics.one"});
  // --exclude-tag (issue 15): after the selection, drops any scenario with one of the tags.
  EXPECT_EQ(ids(select(all, {{}, {}, {}, {"ntlm"}})), std::vector<std::string>{"basics.two"});
  EXPECT_EQ(ids(select(all, {{}, {"basics.*"}, {}, {"kerberos"}})),
            std::vector<std::string>{"basics.one"});
}

TEST(ScenarioSet, AMissingPathIsReported) {
  EXPECT_THROW(findScenarioFiles({"/nonexistent/scenarios"}), std::runtime_error);
}

}  // namespace
}  // namespace authreplay::scenario
