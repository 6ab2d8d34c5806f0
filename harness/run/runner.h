// run::Runner: a scenario in, a ScenarioResult out. For each step it builds the request from the
// scenario and the target (browser/step_request.h), drives the scenario's browser::Profile through
// it (step_driver.h: the profile decides every leg), observes every leg, reads substatus where the
// target says, and checks the step's expectations. A step that cannot run ends its scenario as an
// error; the run goes on. When the target reads substatus from a W3C log, every scenario is sent
// first and all are judged after one wait for the log (deferred correlation,
// expect/substatus_resolver.h).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/secret.h"
#include "expect/substatus_resolver.h"
#include "http/transport.h"
#include "run/results.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::run {

struct RunnerOptions {
  scenario::Target target;
  std::optional<auth::Secret> password;  // resolved by password_source.h; never logged
  // Prefix of the W3C log markers; a random one per Runner when empty, so lines of an earlier run
  // in the same log are never taken for this run's.
  std::string runTag;
  // Makes the transport of one scenario run (its connections live as long as it): an http::Client
  // unless set. Unit tests give a scripted one, so the runner is tested without a network.
  std::function<std::unique_ptr<http::Transport>()> transport;
};

// Progress callbacks, e.g. for console lines as scenarios finish and a live line on a terminal.
struct RunListener {
  // INDEX is 0-based, of TOTAL scenarios in the run.
  std::function<void(const scenario::Scenario&, std::size_t index, std::size_t total)>
      scenarioStarted;
  // With a W3C log, scenarios finish only after the run's one wait for the log.
  std::function<void(const ScenarioResult&)> scenarioFinished;
  std::function<void(const expect::LogWaitStatus&)> logWait;  // about every poll of the log
};

class Runner {
 public:
  // Exports the target's Kerberos settings (KRB5CCNAME, KRB5_CONFIG, KRB5_CLIENT_KTNAME) into this
  // process's environment: libcurl's Negotiate reads them through GSSAPI at each handshake.
  explicit Runner(RunnerOptions options);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  ScenarioResult run(const scenario::Scenario& scenario);
  RunResult runAll(const std::vector<scenario::Scenario>& scenarios,
                   const RunListener& listener = {});

 private:
  RunnerOptions options_;
  // Shared by all scenarios, so a W3C log is read once, incrementally, for the whole run.
  std::unique_ptr<expect::SubstatusResolver> substatus_;
  int scenarioCounter_ = 0;
};

}  // namespace authreplay::run
