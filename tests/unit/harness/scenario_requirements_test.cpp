// What a scenario needs of its target, derived and stated, and what a target lacks of it, in
// words (scenario/scenario_requirements.h, issue 15 part 2).
#include "scenario/scenario_requirements.h"

#include <gtest/gtest.h>

#include "browser/browser_catalogue.h"
#include "json/source_document.h"
#include "scenario/scenario_loader.h"
#include "scenario/target_file.h"
#include "scenario/target_preflight.h"

namespace authreplay::scenario {
namespace {

Scenario scenario(const std::string& body) {
  return parseScenario(R"({"id": "t.needs", "title": "needs", )" + body + "}", "t.json", ".",
                       browser::catalogue());
}

Target target(const std::string& body) {
  return parseTargetFile(R"({"origins": {"default": "http://localhost:1")" + body + "}", "t.json",
                         ".");
}

TEST(ScenarioRequirements, DerivedFromOriginsProxyKerberosRecycleAndHttpErr) {
  const auto s = scenario(R"(
    "client": { "browser": "ie11", "proxy": "pinned" },
    "steps": [ { "request": { "origin": "tls", "path": "/a/" },
                 "expect": { "legs": [ { "sent": "Negotiate(Kerberos)/AP-REQ",
                                         "httpErrReason": "FieldLength" } ] } },
               { "recycle": { "origin": "second", "app": "/a/" } } ])");
  const auto unmet = unmetNeeds(s, target("}"));
  EXPECT_EQ(unmet, (std::vector<std::string>{
                       "the target has no proxy \"pinned\"", "the target has no origin \"tls\"",
                       "the target does not read HTTP.sys's HTTPERR log (substatus.httpErrLog)",
                       "the target has no Kerberos credentials (credentials.kerberos: a ccache or "
                       "a client keytab)",
                       "the target has no origin \"second\"",
                       "the target cannot recycle an application (no \"recycle\")"}));
  const auto full = target(R"(, "tls": "https://localhost:2", "second": "http://localhost:3"},
      "proxies": { "pinned": "http://127.0.0.1:3128" },
      "credentials": { "kerberos": { "ccache": "FILE:/tmp/cc" } },
      "substatus": { "httpErrLog": { "directory": "." } },
      "recycle": { "command": "true {site} {app}" })");
  EXPECT_TRUE(unmetNeeds(s, full).empty());
}

TEST(ScenarioRequirements, StatedNeedsAndTheirErrors) {
  const auto s = scenario(R"("requires": ["tls", "w3cLog", "origin:offload", "proxy:ntlm"],
      "steps": [ { "request": { "path": "/a/" } } ])");
  EXPECT_EQ(unmetNeeds(s, target("}")),
            (std::vector<std::string>{
                "origin \"default\" is not https (http://localhost:1)",
                "the target does not read the W3C log (substatus.source w3cLog or both)",
                "the target has no origin \"offload\"", "the target has no proxy \"ntlm\""}));
  EXPECT_THROW(scenario(R"("requires": ["kerberoz"], "steps": [ { "request": { "path": "/" } } ])"),
               json::SourceError);
  EXPECT_THROW(scenario(R"("requires": ["origin:"], "steps": [ { "request": { "path": "/" } } ])"),
               json::SourceError);
}

TEST(TargetPreflight, MissingLogFoldersAndCommandsAreNamed) {
  const auto t = target(R"(}, "substatus": { "source": "w3cLog",
      "w3cLog": { "directory": "/nonexistent/x/logs", "flushCommand": "no-such-program-xyz --flush" },
      "httpErrLog": { "directory": "/nonexistent/y/httperr" } })");
  EXPECT_EQ(targetSetupProblems(t),
            (std::vector<std::string>{
                "substatus.w3cLog.directory /nonexistent/x/logs does not exist",
                "substatus.w3cLog.flushCommand: the program \"no-such-program-xyz\" is not found "
                "(PATH)",
                "substatus.httpErrLog.directory /nonexistent/y/httperr does not exist"}));
  const auto ok = target(R"(}, "substatus": { "source": "w3cLog",
      "w3cLog": { "directory": ".", "fetchCommand": "sh -c 'cat log'" } })");
  EXPECT_TRUE(targetSetupProblems(ok).empty());
}

}  // namespace
}  // namespace authreplay::scenario
