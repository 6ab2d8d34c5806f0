#include "run/runner.h"

#include <cstdlib>
#include <random>

#include "browser/browser_catalogue.h"
#include "browser/client_credentials.h"
#include "browser/step_request.h"
#include "expect/step_checks.h"
#include "http/client.h"
#include "run/password_source.h"
#include "run/recycler.h"
#include "run/step_driver.h"

namespace authreplay::run {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;

std::string randomTag() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 35);
  const char* alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string tag;
  for (int i = 0; i < 8; ++i)
    tag += alphabet[digit(device)];
  return tag;
}

void exportIfSet(const char* name, const std::string& value) {
  if (!value.empty())
    ::setenv(name, value.c_str(), 1);
}

std::string uriStem(const std::string& url) {
  const auto scheme = url.find("://");
  const auto pathStart = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (pathStart == std::string::npos)
    return "/";
  const auto query = url.find_first_of("?#", pathStart);
  return url.substr(pathStart, query == std::string::npos ? std::string::npos : query - pathStart);
}

// One scenario's execution: its client (and so its connections), profile and log correlation.
class ScenarioRun {
 public:
  ScenarioRun(const RunnerOptions& options, const scenario::Scenario& scenario, std::string marker,
              expect::SubstatusResolver& substatus)
      : options_(options),
        scenario_(scenario),
        markerPrefix_(std::move(marker)),
        substatus_(substatus),
        transport_(options.transport ? options.transport() : std::make_unique<http::Client>()) {}

  ScenarioResult run() {
    ScenarioResult result;
    result.id = scenario_.id;
    result.title = scenario_.title;
    result.file = scenario_.file;
    result.source = scenario_.source;
    result.tags = scenario_.tags;
    result.browser = scenario_.client.browser;
    result.started = std::chrono::system_clock::now();
    const auto start = Clock::now();

    std::string setupError;
    std::unique_ptr<browser::Profile> profile;
    try {
      profile = browser::makeProfile(scenario_.client, credentials(setupError));
      if (setupError.empty() && scenario_.client.proxy)
        proxyCredentials_ = resolveProxyCredentials(options_.target);
    } catch (const PasswordError& e) {
      setupError = e.what();
    } catch (const std::invalid_argument& e) {
      setupError = e.what();
    }
    if (!setupError.empty()) {
      result.outcome = Outcome::kError;
      result.error = setupError;
    } else if (auto reason = profile->unavailableReason()) {
      // Nothing is sent: a partial replay would be neither a pass nor a failure.
      result.outcome = Outcome::kSkipped;
      result.skipReason = std::move(*reason);
      result.duration = duration_cast<microseconds>(Clock::now() - start);
      return result;
    }

    int index = 0;
    for (const auto& step : scenario_.steps) {
      if (result.outcome == Outcome::kError)
        break;
      StepResult stepResult = runStep(step, ++index, *profile);
      if (stepResult.error) {
        result.outcome = Outcome::kError;
        result.error = "step " + std::to_string(index) + ": " + *stepResult.error;
      } else if (!stepResult.passed()) {
        result.outcome = Outcome::kFailed;
      }
      result.steps.push_back(std::move(stepResult));
    }
    result.duration = duration_cast<microseconds>(Clock::now() - start);
    return result;
  }

 private:
  browser::ClientCredentials credentials(std::string& error) const {
    return browser::clientCredentials(scenario_.client, options_.target.credentials,
                                      options_.password, error);
  }

  StepResult runStep(const scenario::Step& step, int index, browser::Profile& profile) {
    StepResult result;
    result.index = index;
    result.name = step.name;
    const auto start = Clock::now();
    if (const auto* recycle = std::get_if<scenario::RecycleStep>(&step.action)) {
      result.kind = "recycle";
      result.method = "RECYCLE";
      result.url = recycle->app;
      if (auto error = recycleApplication(options_.target, recycle->origin, recycle->app)) {
        result.error = std::move(*error);
      }
    } else {
      result.kind = "request";
      runRequest(std::get<scenario::RequestStep>(step.action), index, profile, result);
    }
    result.duration = duration_cast<microseconds>(Clock::now() - start);
    return result;
  }

  void runRequest(const scenario::RequestStep& step, int index, browser::Profile& profile,
                  StepResult& result) {
    const auto& target = options_.target;
    const auto& request = step.request;
    result.method = request.method;
    std::string markerName;
    std::string marker;
    if (!substatus_.markerParameter().empty()) {
      markerName = substatus_.markerParameter();
      marker = markerPrefix_ + "." + std::to_string(index);
    }
    auto built = browser::requestForStep(request, scenario_.client, target, proxyCredentials_,
                                         markerName, marker);
    result.url = built.request.url;
    if (!built.error.empty()) {
      result.error = std::move(built.error);
      return;
    }
    const auto& transfer = built.request;

    substatus_.beforeTransfer();
    auto sent = driveStep(profile, *transport_, transfer);
    for (auto& exchange : sent.exchanges)
      result.legs.push_back(expect::observe(std::move(exchange)));
    if (sent.error) {
      result.error = std::string("could not complete ") + request.method + " " + transfer.url +
                     ": " + sent.error->message + " (" + http::toString(sent.error->kind) + ")";
      return;
    }
    substatus_.resolve(result.legs, marker, request.method, uriStem(transfer.url));
    result.checks =
        expect::checkStep(step.expect, result.legs, previousLeg_ ? &*previousLeg_ : nullptr,
                          options_.target.credentials.userAliases);
    if (!result.legs.empty())
      previousLeg_ = result.legs.back();
  }

  const RunnerOptions& options_;
  const scenario::Scenario& scenario_;
  std::string markerPrefix_;
  expect::SubstatusResolver& substatus_;
  std::unique_ptr<http::Transport> transport_;
  std::map<std::string, http::ProxyCredentials> proxyCredentials_;
  std::optional<expect::LegObservation> previousLeg_;
};

}  // namespace

Runner::Runner(RunnerOptions options)
    : options_(std::move(options)),
      substatus_(std::make_unique<expect::SubstatusResolver>(options_.target.substatus)) {
  if (options_.runTag.empty())
    options_.runTag = randomTag();
  const auto& kerberos = options_.target.credentials.kerberos;
  exportIfSet("KRB5CCNAME", kerberos.ccache);
  exportIfSet("KRB5_CONFIG", kerberos.config);
  exportIfSet("KRB5_CLIENT_KTNAME", kerberos.clientKeytab);
}

Runner::~Runner() = default;

ScenarioResult Runner::run(const scenario::Scenario& scenario) {
  const auto marker = options_.runTag + "." + std::to_string(++scenarioCounter_);
  return ScenarioRun(options_, scenario, marker, *substatus_).run();
}

RunResult Runner::runAll(const std::vector<scenario::Scenario>& scenarios,
                         const RunListener& listener) {
  RunResult result;
  result.targetName = options_.target.name;
  result.started = std::chrono::system_clock::now();
  const auto start = Clock::now();
  for (const auto& scenario : scenarios) {
    if (listener.scenarioStarted)
      listener.scenarioStarted(scenario);
    result.scenarios.push_back(run(scenario));
    if (listener.scenarioFinished)
      listener.scenarioFinished(result.scenarios.back());
  }
  result.duration = duration_cast<microseconds>(Clock::now() - start);
  return result;
}

}  // namespace authreplay::run
