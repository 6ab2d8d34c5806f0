// run::Runner: a scenario in, a ScenarioResult out. For each step it builds the request from the
// scenario and the target, asks the scenario's browser::Profile to send it (the profile decides
// every leg), observes every leg, reads substatus where the target says, and checks the step's
// expectations. A step that cannot run ends its scenario as an error; the run goes on.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expect/substatus_resolver.h"
#include "run/results.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::run {

struct RunnerOptions {
  scenario::Target target;
  std::optional<std::string> password;  // resolved by password_source.h; never logged
  // Prefix of the W3C log markers; a random one per Runner when empty, so lines of an earlier run
  // in the same log are never taken for this run's.
  std::string runTag;
};

// Progress callbacks, e.g. for console lines as scenarios finish.
struct RunListener {
  std::function<void(const scenario::Scenario&)> scenarioStarted;
  std::function<void(const ScenarioResult&)> scenarioFinished;
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

// Exposed for tests: the URL of a request on TARGET ("origin" + prefix-mapped path), or an error
// message when the origin is unknown.
struct BuiltUrl {
  std::string url;
  std::string error;
};
BuiltUrl buildUrl(const scenario::Target& target, const std::string& origin,
                  const std::string& path);
// Appends NAME=VALUE to URL's query.
std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value);

}  // namespace authreplay::run
