// Runner pieces that need no server: URLs from the target, markers, recycle templates; and the
// Runner itself through its Transport seam, against a scripted transport (issue 10 item 5).
#include "run/runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "browser/browser_catalogue.h"
#include "browser/step_request.h"
#include "run/recycler.h"
#include "scenario/scenario_loader.h"
#include "scenario/target.h"
#include "scripted_transport.h"

namespace authreplay::run {
namespace {

TEST(BuildUrl, OriginAndLongestPathPrefix) {
  auto target = scenario::targetFromUrl("https://staging.example.test/");
  target.origins["second"] = "http://127.0.0.1:8081";
  target.pathPrefixes = {{"/ActiveXTest/", "/qa/ActiveXTest/"},
                         {"/ActiveXTest/Anonymous/", "/public/"}};
  EXPECT_EQ(browser::buildUrl(target, "default", "/ActiveXTest/a.htm").url,
            "https://staging.example.test/qa/ActiveXTest/a.htm");
  EXPECT_EQ(browser::buildUrl(target, "default", "/ActiveXTest/Anonymous/WebService.asmx").url,
            "https://staging.example.test/public/WebService.asmx");
  EXPECT_EQ(browser::buildUrl(target, "second", "/x?y=1").url, "http://127.0.0.1:8081/x?y=1");
  const auto missing = browser::buildUrl(target, "tls", "/");
  EXPECT_EQ(missing.error, "the target has no origin \"tls\" (it has: default, second)");
}

TEST(BuildUrl, MarkersJoinAnExistingQuery) {
  EXPECT_EQ(browser::withQueryParameter("http://h/a", "authreplay-leg", "r.1.2"),
            "http://h/a?authreplay-leg=r.1.2");
  EXPECT_EQ(browser::withQueryParameter("http://h/a?b=c#f", "authreplay-leg", "r.1.2"),
            "http://h/a?b=c&authreplay-leg=r.1.2#f");
}

TEST(Recycle, TemplatesAreEncodedForUrlsAndQuotedForShells) {
  EXPECT_EQ(expandRecycleTemplate("http://a/recycle?site={site}&app={app}", "Default Web Site",
                                  "/ActiveXTest/", true),
            "http://a/recycle?site=Default%20Web%20Site&app=/ActiveXTest/");
  EXPECT_EQ(expandRecycleTemplate("appcmd recycle {site} {app}", "It's", "/a/", false),
            "appcmd recycle 'It'\\''s' '/a/'");
}

TEST(Recycle, ATargetWithoutRecycleSettingsIsAClearError) {
  const auto error =
      recycleApplication(scenario::targetFromUrl("http://127.0.0.1:9"), "default", "/a/");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("no \"recycle\" settings"), std::string::npos);
}

// A scenario from JSON STEPS with CLIENT, as the loader reads it.
scenario::Scenario scenarioOf(const std::string& id, const std::string& client,
                              const std::string& steps) {
  return scenario::parseScenario(R"({"id": ")" + id + R"(", "title": "t", "client": )" + client +
                                     R"(, "steps": )" + steps + "}",
                                 id + ".json", ".", browser::catalogue());
}

const char* kAnonymousGet = R"([ { "request": { "path": "/app/" },
                                   "expect": { "status": 401, "offers": ["Negotiate", "NTLM"] } } ])";

// Hands each transfer to a scripted transport the test owns (the Runner destroys its transports
// when a scenario run ends; the test reads what was sent afterwards).
class Forwarding : public http::Transport {
 public:
  explicit Forwarding(testing::ScriptedTransport& to) : to_(to) {}
  http::TransferResult perform(const http::TransferRequest& request) override {
    return to_.perform(request);
  }

 private:
  testing::ScriptedTransport& to_;
};

// The Runner with one scripted transport per scenario run: ANSWERS[i] scripts the i-th run's.
struct ScriptedRunner {
  std::vector<std::vector<testing::ScriptedResponse>> answers;
  std::vector<std::unique_ptr<testing::ScriptedTransport>> made;

  RunnerOptions options() {
    RunnerOptions o;
    o.target = scenario::targetFromUrl("http://iis.test/");
    o.transport = [this]() -> std::unique_ptr<http::Transport> {
      auto& transport = *made.emplace_back(std::make_unique<testing::ScriptedTransport>());
      if (made.size() <= answers.size()) {
        for (const auto& answer : answers[made.size() - 1])
          transport.answer(answer);
      }
      return std::make_unique<Forwarding>(transport);
    };
    return o;
  }
};

const std::vector<http::Header> kOffers = {{"WWW-Authenticate", "Negotiate"},
                                           {"WWW-Authenticate", "NTLM"}};

// An exception inside one scenario (a parser, a transport) is that scenario's ERROR; the others
// run and the reports get written (issue 12: it ended the run with exit 3 and no report).
class Throwing : public http::Transport {
 public:
  http::TransferResult perform(const http::TransferRequest&) override {
    throw std::runtime_error("stoi");
  }
};

TEST(RunnerWithScriptedTransport, AnInternalErrorIsAnErrorOfItsScenarioAndTheRunGoesOn) {
  ScriptedRunner scripted;
  scripted.answers = {{}, {{401, kOffers, 0, true}}};
  auto options = scripted.options();
  int made = 0;
  auto forward = options.transport;
  options.transport = [&made, forward]() -> std::unique_ptr<http::Transport> {
    if (made++ == 0) {
      forward();  // keeps ScriptedRunner's numbering
      return std::make_unique<Throwing>();
    }
    return forward();
  };
  Runner runner(std::move(options));
  const auto result =
      runner.runAll({scenarioOf("a", R"({"browser": "anonymous"})", kAnonymousGet),
                     scenarioOf("b", R"({"browser": "anonymous"})", kAnonymousGet)});
  ASSERT_EQ(result.scenarios.size(), 2u);
  EXPECT_EQ(result.scenarios[0].outcome, Outcome::kError);
  EXPECT_EQ(result.scenarios[0].error, "internal error: stoi");
  EXPECT_EQ(result.scenarios[1].outcome, Outcome::kPassed) << result.scenarios[1].error;
}

TEST(RunnerWithScriptedTransport, AStepPassesWhenTheServerAnswersAsExpected) {
  ScriptedRunner scripted;
  scripted.answers = {{{401, kOffers, 0, true}}};
  Runner runner(scripted.options());
  const auto result = runner.run(scenarioOf("a", R"({"browser": "anonymous"})", kAnonymousGet));
  EXPECT_EQ(result.outcome, Outcome::kPassed) << result.error;
  ASSERT_EQ(scripted.made.size(), 1u);
  ASSERT_EQ(scripted.made[0]->sent().size(), 1u);
  EXPECT_EQ(scripted.made[0]->sent()[0].url, "http://iis.test/app/");
  EXPECT_EQ(scripted.made[0]->sent()[0].auth.schemes.size(), 0u) << "anonymous: no credentials";
  ASSERT_EQ(result.steps.size(), 1u);
  EXPECT_EQ(result.steps[0].legs.size(), 1u);
}

TEST(RunnerWithScriptedTransport, AnotherAnswerFailsTheCheckThatExpectedIt) {
  ScriptedRunner scripted;
  scripted.answers = {{{200, {}, 0, true}}};
  Runner runner(scripted.options());
  const auto result = runner.run(scenarioOf("a", R"({"browser": "anonymous"})", kAnonymousGet));
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  ASSERT_EQ(result.steps.size(), 1u);
  bool statusFailed = false;
  for (const auto& check : result.steps[0].checks) {
    if (check.subject == "status" && !check.passed)
      statusFailed = check.expected == "401" && check.actual == "200";
  }
  EXPECT_TRUE(statusFailed);
}

// A transfer that fails (here: the transport has no answer, as a refused connection) is an error
// of that scenario, and the next scenario still runs on a transport of its own.
TEST(RunnerWithScriptedTransport, ATransportFailureIsAnErrorAndTheRunGoesOn) {
  ScriptedRunner scripted;
  scripted.answers = {{}, {{401, kOffers, 0, true}}};
  Runner runner(scripted.options());
  const auto all =
      runner.runAll({scenarioOf("broken", R"({"browser": "anonymous"})", kAnonymousGet),
                     scenarioOf("fine", R"({"browser": "anonymous"})", kAnonymousGet)});
  ASSERT_EQ(all.scenarios.size(), 2u);
  EXPECT_EQ(all.scenarios[0].outcome, Outcome::kError);
  EXPECT_NE(all.scenarios[0].error.find("could not complete GET http://iis.test/app/"),
            std::string::npos)
      << all.scenarios[0].error;
  EXPECT_EQ(all.scenarios[1].outcome, Outcome::kPassed) << all.scenarios[1].error;
  EXPECT_EQ(scripted.made.size(), 2u);
}

// The scripted browser's legs go through the same seam: chrome answers the 401's offers with its
// NTLM Type 1 on the same connection (the real token producer makes it: no network involved).
TEST(RunnerWithScriptedTransport, AScriptedBrowserSendsItsOwnLegsThroughTheSeam) {
  ScriptedRunner scripted;
  scripted.answers = {{{401, kOffers, 0, true}, {401, {{"WWW-Authenticate", "NTLM"}}, 0, false}}};
  auto options = scripted.options();
  options.target.credentials.user = "HARNESS\\alice";
  options.password = auth::Secret("pw");
  Runner runner(std::move(options));
  const auto result = runner.run(scenarioOf(
      "c", R"({"browser": "chrome", "schemes": ["NTLM"]})",
      R"([ { "request": { "path": "/app/" }, "expect": { "legs": [ { "sent": "none", "status": 401 },
           { "sent": "NTLM/1", "status": 401, "connection": "same" } ] } } ])"));
  EXPECT_EQ(result.outcome, Outcome::kPassed) << result.error;
  ASSERT_EQ(scripted.made.size(), 1u);
  const auto& sent = scripted.made[0]->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(testing::headerOf(sent[0], "Authorization"), "");
  EXPECT_EQ(testing::headerOf(sent[1], "Authorization").rfind("NTLM TlRMTVNTUAAB", 0), 0u);
}

// Deferred correlation (issue 11): with the W3C log as the substatus source, every scenario is sent
// first and judged after one wait for the log; the target's flushCommand runs once, after the
// last transfer (it writes the log here, as `netsh http flush logbuffer` makes HTTP.sys do).
TEST(RunnerWithScriptedTransport, WithAW3cLogEveryScenarioIsJudgedAfterOneFlushAndOneWait) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("authreplay-deferred-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto log = dir / "u_ex261121.log";
  std::ofstream(log) << "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username "
                        "sc-status sc-substatus sc-win32-status\n";
  const auto lines = dir / "lines";
  std::ofstream(lines) << "2026-11-21 10:00:00 GET /app/ authreplay-leg=t.1.1 - 401 2 5\n"
                          "2026-11-21 10:00:00 GET /app/ authreplay-leg=t.2.1 - 401 1 5\n";

  ScriptedRunner scripted;
  scripted.answers = {{{401, kOffers, 0, true}}, {{401, kOffers, 0, true}}};
  auto options = scripted.options();
  options.runTag = "t";
  auto& w3c = options.target.substatus;
  w3c.source = scenario::SubstatusSource::kW3cLog;
  w3c.w3cLog.directory = dir.string();
  w3c.w3cLog.timeout = std::chrono::milliseconds(10000);
  // Counts its runs, then writes the lines: both scenarios have been sent by then.
  w3c.w3cLog.flushCommand = "echo run >> '" + (dir / "flushes").string() + "' && cat '" +
                            lines.string() + "' >> '" + log.string() + "'";
  Runner runner(std::move(options));
  const char* expect401dot2 = R"([ { "request": { "path": "/app/" },
                                     "expect": { "status": 401, "substatus": 2 } } ])";
  std::vector<std::string> order;
  RunListener listener;
  listener.scenarioStarted = [&](const scenario::Scenario& s, std::size_t index,
                                 std::size_t total) {
    order.push_back("sent " + s.id + " " + std::to_string(index + 1) + "/" + std::to_string(total));
  };
  listener.scenarioFinished = [&](const ScenarioResult& r) { order.push_back("judged " + r.id); };
  const auto all = runner.runAll({scenarioOf("a", R"({"browser": "anonymous"})", expect401dot2),
                                  scenarioOf("b", R"({"browser": "anonymous"})", expect401dot2)},
                                 listener);
  ASSERT_EQ(all.scenarios.size(), 2u);
  EXPECT_EQ(all.scenarios[0].outcome, Outcome::kPassed);
  // b's log line says 401.1: judged from the log, it fails.
  EXPECT_EQ(all.scenarios[1].outcome, Outcome::kFailed);
  EXPECT_EQ(all.scenarios[1].steps[0].legs[0].substatus, 1);
  EXPECT_EQ(all.scenarios[1].steps[0].legs[0].substatusSource, "W3C log");
  EXPECT_EQ(order, (std::vector<std::string>{"sent a 1/2", "sent b 2/2", "judged a", "judged b"}));
  std::ifstream flushes(dir / "flushes");
  std::string text((std::istreambuf_iterator<char>(flushes)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "run\n") << "the flush command runs once per run";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace authreplay::run
