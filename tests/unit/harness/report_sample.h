// The fixed result set every reporter golden is rendered from: a passing, a failing, an unrunnable
// and a skipped scenario (reports_test.cpp, html_report_test.cpp).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "run/baseline_file.h"
#include "run/baseline_verdict.h"
#include "run/results.h"

namespace authreplay::testing {

// A position on line LINE of a file whose text is only TEXT there (the lines before are empty).
inline scenario::SourceRef refOnLine(std::string file, std::size_t line, std::size_t column,
                                     const std::string& text) {
  return {std::move(file), line, column,
          std::make_shared<const json::SourceText>(std::string(line - 1, '\n') + text + "\n")};
}

using std::chrono::microseconds;

inline expect::LegObservation sampleLeg(int status, std::optional<int> substatus,
                                        std::vector<std::string> offers, std::string authorization,
                                        std::string sent, std::int64_t length, bool opened) {
  expect::LegObservation l;
  auto& e = l.exchange;
  e.url = "http://localhost:8080/ActiveXTest/ajaxClient2.htm";
  e.request = {"GET",
               "/ActiveXTest/ajaxClient2.htm",
               "HTTP/1.1",
               {{"Host", "localhost:8080"}, {"User-Agent", "authreplay/0.1"}},
               ""};
  if (!authorization.empty())
    e.request.headers.push_back({"Authorization", authorization});
  e.response.status = status;
  e.response.reason = status == 200 ? "OK" : "Unauthorized";
  e.response.httpVersion = "HTTP/1.1";
  e.response.headers = {{"Server", "Microsoft-IIS/10.0"}};
  for (const auto& offer : offers)
    e.response.headers.push_back({"WWW-Authenticate", offer});
  e.response.body = status == 200 ? "<html>ok</html>" : "<h3>HTTP Error 401.2 - Unauthorized</h3>";
  e.connection = {0, opened, 50412, "127.0.0.1", 8080, {}};
  e.timings = {microseconds(opened ? 120 : -1), microseconds(-1), microseconds(800),
               microseconds(1500)};
  l.httpVersion = e.response.httpVersion;
  l.authorization = *scenario::AuthorizationPattern::parse(sent);
  for (const auto& offer : offers)
    l.offers.push_back(offer.substr(0, offer.find(' ')));
  l.contentLength = length;
  l.substatus = substatus;
  l.substatusSource = substatus ? "error page" : "";
  return l;
}

inline run::RunResult sampleRun() {
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1795255200));
  run::RunResult run;
  run.targetName = "lab";
  run.started = t0;
  run.duration = microseconds(31500);

  run::ScenarioResult pass;
  pass.id = "basics.anonymous-offers";
  pass.title = "Anonymous gets 401.2";
  pass.file = "scenarios/basics/anonymous-offers.json";
  pass.tags = {"anonymous"};
  pass.browser = "anonymous";
  pass.started = t0;
  pass.duration = microseconds(2100);
  run::StepResult passStep;
  passStep.index = 1;
  passStep.kind = "request";
  passStep.method = "GET";
  passStep.url = "http://localhost:8080/ActiveXTest/ajaxClient2.htm";
  passStep.legs = {sampleLeg(401, 2, {"Negotiate", "NTLM"}, "", "none", 0, true)};
  passStep.checks = {{"status", 1, true, "401", "401", "", {}}};
  passStep.duration = microseconds(2000);
  pass.steps = {passStep};

  run::ScenarioResult fail = pass;
  fail.id = "basics.curl-ntlm-handshake";
  fail.title = "NTLM <handshake> & \"quotes\"";
  fail.description = "The operator sees a <prompt> & the fix is \"NTLM\" before Negotiate.";
  fail.source = "IIS-FACTS.md §1";
  fail.file = "scenarios/basics/curl-ntlm-handshake.json";
  fail.browser = "curl";
  fail.outcome = run::Outcome::kFailed;
  fail.duration = microseconds(8400);
  run::StepResult failStep = passStep;
  failStep.legs = {
      sampleLeg(401, 2, {"Negotiate", "NTLM"}, "", "none", 0, true),
      sampleLeg(401, 1, {"NTLM TlRMTVNTUAACAAAADAAMADgAAAAFgomiESIzRFVmd4gAAAAAAAAAAA=="},
                "NTLM TlRMTVNTUAABAAAABoIIAAAAAAAAAAAAAAAAAAAAAAA=", "NTLM/1", 0, false),
      sampleLeg(200, 0, {}, "NTLM TlRMTVNTUAADAAAAGAAYAEAAAAAwADAAWAAAAA4ADgCIAAAACgAKAJYAAAA=",
                "NTLM/3", 0, false)};
  const auto where =
      refOnLine("scenarios/basics/curl-ntlm-handshake.json", 17, 45,
                "          { \"sent\": \"NTLM/3\", \"status\": 403, \"connection\": \"same\" }");
  failStep.checks = {{"sent", 3, true, "NTLM/3", "NTLM/3", "", {}},
                     {"status", 3, false, "403", "200", "", where}};
  fail.steps = {failStep};

  run::ScenarioResult error = pass;
  error.id = "basics.unreachable";
  error.title = "Unreachable";
  error.file = "scenarios/basics/unreachable.json";
  error.outcome = run::Outcome::kError;
  error.duration = microseconds(900);
  error.error =
      "step 1: could not complete GET http://127.0.0.1:9/: Failed to connect to 127.0.0.1 port 9 "
      "after 0 ms: Couldn't connect to server (connect)";
  run::StepResult errorStep;
  errorStep.index = 1;
  errorStep.kind = "request";
  errorStep.method = "GET";
  errorStep.url = "http://127.0.0.1:9/";
  errorStep.error = "could not complete GET http://127.0.0.1:9/: Failed to connect (connect)";
  error.steps = {errorStep};

  // The `curl` profile with NTLM on a libcurl without NTLM (http/libcurl_ntlm.h): nothing sent.
  run::ScenarioResult skipped;
  skipped.id = "basics.curl-ntlm-wrong-password";
  skipped.title = "libcurl's NTLM with a wrong password";
  skipped.file = "scenarios/basics/curl-ntlm-wrong-password.json";
  skipped.tags = {"ntlm", "curl"};
  skipped.browser = "curl";
  skipped.outcome = run::Outcome::kSkipped;
  skipped.skipReason = "libcurl 7.88.1 has no NTLM (CURL_VERSION_NTLM not set)";
  skipped.started = t0;
  skipped.duration = microseconds(40);

  run.scenarios = {pass, fail, error, skipped};
  return run;
}

// The baseline the baseline goldens judge sampleRun() by: the failing scenario listed for the check
// that fails (an expected failure), the passing one (fixed), the unrunnable one (never excused),
// and an id no scenario has (stale).
inline run::Baseline sampleBaseline() {
  return run::parseBaselineFile(R"json({
  "version": 1,
  "expectedFailures": [
    { "scenario": "basics.curl-ntlm-handshake", "check": "step 1 leg 3 status",
      "reason": "staging answers 200 to the Type 3 until CHG0042 <lands>" },
    { "scenario": "basics.anonymous-offers", "reason": "was 401.3 before the ACL fix" },
    { "scenario": "basics.unreachable", "reason": "the host is down for maintenance" },
    { "scenario": "basics.renamed-long-ago", "reason": "old" }
  ]
}
)json",
                                "ci/baseline.json");
}

inline run::RunResult sampleRunJudged(bool strict) {
  auto run = sampleRun();
  const auto baseline = sampleBaseline();
  std::vector<std::string> ids;
  for (const auto& scenario : run.scenarios)
    ids.push_back(scenario.id);
  run::applyBaseline(run, baseline, strict, run::staleEntries(baseline, ids));
  return run;
}

}  // namespace authreplay::testing
