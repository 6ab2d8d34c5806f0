#include "run/runner.h"

#include <cstdlib>
#include <random>

#include "browser/browser_catalogue.h"
#include "browser/client_credentials.h"
#include "browser/step_request.h"
#include "expect/proxy_failure.h"
#include "expect/step_checks.h"
#include "expect/w3c_log.h"
#include "http/client.h"
#include "run/log_commands.h"
#include "run/password_source.h"
#include "run/recycler.h"
#include "run/step_driver.h"
#include "scenario/scenario_requirements.h"

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
// send() replays every step and keeps what the responses themselves show; settle() fills in what
// the W3C log says (after the runner's one wait for the log, substatus_resolver.h) and judges.
class ScenarioRun {
 public:
  ScenarioRun(const RunnerOptions& options, const scenario::Scenario& scenario, std::string marker,
              expect::SubstatusResolver& substatus)
      : options_(options),
        scenario_(scenario),
        markerPrefix_(std::move(marker)),
        substatus_(substatus),
        transport_(options.transport ? options.transport() : std::make_unique<http::Client>()) {}

  void send() {
    result_.id = scenario_.id;
    result_.title = scenario_.title;
    result_.file = scenario_.file;
    result_.source = scenario_.source;
    result_.description = scenario_.description;
    result_.tags = scenario_.tags;
    result_.browser = scenario_.client.browser;
    result_.started = std::chrono::system_clock::now();
    const auto start = Clock::now();
    // Whatever goes wrong inside is this scenario's ERROR: the run goes on, and its reports are
    // written (an exception from an error page's parser once ended the run with none; issue 12).
    try {
      sendSteps();
    } catch (const std::exception& e) {
      internalError(e);
    }
    result_.duration = duration_cast<microseconds>(Clock::now() - start);
    // The connections are not needed for judging: close them now rather than at the run's end.
    transport_.reset();
  }

  // What this scenario waits for in the W3C log.
  void collectQueries(std::vector<expect::LogQuery>& queries) const {
    for (const auto& pending : pending_)
      queries.push_back(pending.query);
  }

  // After the log wait (if any): substatus and user from the log, then the checks and verdict.
  ScenarioResult settle() {
    try {
      judge();
    } catch (const std::exception& e) {
      internalError(e);
    }
    return std::move(result_);
  }

 private:
  void internalError(const std::exception& e) {
    result_.outcome = Outcome::kError;
    result_.error = std::string("internal error: ") + e.what();
  }

  void sendSteps() {
    // What the target lacks makes the scenario not applicable there: nothing is sent.
    if (const auto unmet = scenario::unmetNeeds(scenario_, options_.target); !unmet.empty()) {
      result_.outcome = Outcome::kNotApplicable;
      for (const auto& reason : unmet)
        result_.notApplicableReason += (result_.notApplicableReason.empty() ? "" : "; ") + reason;
      return;
    }
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
      result_.outcome = Outcome::kError;
      result_.error = setupError;
    } else if (auto reason = profile->unavailableReason()) {
      // Nothing is sent: a partial replay would be neither a pass nor a failure.
      result_.outcome = Outcome::kSkipped;
      result_.skipReason = std::move(*reason);
    } else {
      int index = 0;
      for (const auto& step : scenario_.steps) {
        StepResult stepResult = runStep(step, ++index, *profile);
        const bool failed = stepResult.error.has_value();
        result_.steps.push_back(std::move(stepResult));
        if (failed)
          break;  // the steps after it would replay from a state the scenario does not describe
      }
    }
  }

  void judge() {
    for (auto& pending : pending_) {
      auto& step = result_.steps[pending.step];
      substatus_.fromLog(step.legs, pending.query);
    }
    const expect::LegObservation* previous = nullptr;
    for (std::size_t i = 0; i < result_.steps.size(); ++i) {
      auto& step = result_.steps[i];
      // result_.steps[i] is scenario_.steps[i]: sending stops at the first step that errs.
      const auto* request = std::get_if<scenario::RequestStep>(&scenario_.steps[i].action);
      if (request != nullptr && !step.error)
        step.checks = expect::checkStep(request->expect, step.legs, previous,
                                        options_.target.credentials.userAliases);
      if (!step.legs.empty())
        previous = &step.legs.back();
    }
    if (result_.outcome != Outcome::kPassed)
      return;  // set up failed, skipped, or an internal error: nothing was judged
    for (std::size_t i = 0; i < result_.steps.size(); ++i) {
      const auto& step = result_.steps[i];
      if (step.error) {
        result_.outcome = Outcome::kError;
        result_.error = "step " + std::to_string(step.index) + ": " + *step.error;
        break;
      }
      if (!step.passed())
        result_.outcome = Outcome::kFailed;
    }
    if (result_.outcome == Outcome::kFailed)
      missingEvidence();
  }

  // A failure whose every failing check is a substatus or win32 status the target could not
  // tell (custom error pages under substatus.source errorPage, a log line that never came) says
  // nothing about the server: the scenario could not run, once, with why (issue 15: one note
  // repeated 47 times, 22 scenarios failed). Any other failing check keeps it a failure.
  void missingEvidence() {
    std::string why;
    for (const auto& step : result_.steps) {
      for (const auto& check : step.checks) {
        if (check.passed)
          continue;
        if (!check.evidenceMissing)
          return;
        if (why.empty())
          why = "step " + std::to_string(step.index) + ": the IIS substatus is unknown" +
                (check.note.empty() ? std::string() : ": " + check.note);
      }
    }
    if (why.empty())
      return;
    result_.outcome = Outcome::kError;
    result_.error = std::move(why);
  }

  // A request step sent, waiting for its log lines before it is judged.
  struct PendingStep {
    std::size_t step;  // index in result_.steps
    expect::LogQuery query;
  };

  browser::ClientCredentials credentials(std::string& error) const {
    auto credentials = browser::clientCredentials(scenario_.client, options_.target.credentials,
                                                  options_.password, error);
    credentials.canonicalNames = options_.target.cnames;
    return credentials;
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
      const auto& request = std::get<scenario::RequestStep>(step.action);
      result.kind = "request";
      sendRequest(request, index, profile, result);
    }
    result.duration = duration_cast<microseconds>(Clock::now() - start);
    return result;
  }

  void sendRequest(const scenario::RequestStep& step, int index, browser::Profile& profile,
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

    auto sent =
        driveStep(profile, *transport_, transfer,
                  markerName.empty() ? std::string() : expect::transferParameter(markerName));
    for (auto& exchange : sent.exchanges)
      result.legs.push_back(expect::observe(std::move(exchange)));
    result.browserNotes = profile.takeNotes();
    if (sent.error) {
      result.error = std::string("could not complete ") + request.method + " " + transfer.url +
                     ": " + sent.error->message + " (" + http::toString(sent.error->kind) + ")";
      return;
    }
    // The proxy's own 5xx is the scenario's error, not a verdict on the server, unless the step
    // expects that very status.
    if (!result.legs.empty()) {
      const auto& expected = step.expect.final.status;
      const int status = result.legs.back().exchange.response.status;
      if (auto failure = expect::proxyOwnFailure(result.legs.back());
          failure && !(expected && expected->value == status)) {
        result.error = std::move(*failure);
        return;
      }
    }
    if (auto query =
            substatus_.fromResponse(result.legs, marker, request.method, uriStem(transfer.url))) {
      pending_.push_back({result_.steps.size(), std::move(*query)});
    }
  }

  const RunnerOptions& options_;
  const scenario::Scenario& scenario_;
  std::string markerPrefix_;
  expect::SubstatusResolver& substatus_;
  std::unique_ptr<http::Transport> transport_;
  std::map<std::string, http::ProxyCredentials> proxyCredentials_;
  ScenarioResult result_;
  std::vector<PendingStep> pending_;
};

}  // namespace

Runner::Runner(RunnerOptions options)
    : options_(std::move(options)),
      substatus_(std::make_unique<expect::SubstatusResolver>(
          options_.target.substatus,
          options_.target.substatus.w3cLog.fetchCommand.empty()
              ? expect::LogFetch()
              : logFetch(options_.target.substatus.w3cLog, std::chrono::system_clock::now()),
          httpErrFetches(options_.target.substatus))) {
  if (options_.runTag.empty())
    options_.runTag = randomTag();
  const auto& kerberos = options_.target.credentials.kerberos;
  exportIfSet("KRB5CCNAME", kerberos.ccache);
  exportIfSet("KRB5_CONFIG", kerberos.config);
  exportIfSet("KRB5_CLIENT_KTNAME", kerberos.clientKeytab);
}

Runner::~Runner() = default;

ScenarioResult Runner::run(const scenario::Scenario& scenario) {
  return std::move(runAll({scenario}).scenarios.front());
}

RunResult Runner::runAll(const std::vector<scenario::Scenario>& scenarios,
                         const RunListener& listener) {
  RunResult result;
  result.targetName = options_.target.name;
  result.started = std::chrono::system_clock::now();
  const auto start = Clock::now();
  substatus_->start();
  expect::LogWaitOptions wait;
  wait.progress = listener.logWait;
  if (!options_.target.substatus.w3cLog.flushCommand.empty())
    wait.flush = [this] { return flushLog(options_.target); };
  // Without a W3C log every scenario is judged as soon as it is sent (after waiting for the
  // HTTPERR lines of legs HTTP.sys answered, if any); with one, all of them are sent first and
  // judged after one wait for the logs (substatus_resolver.h).
  const bool deferred = substatus_->usesLog();
  std::vector<std::unique_ptr<ScenarioRun>> sent;
  std::size_t index = 0;
  for (const auto& scenario : scenarios) {
    if (listener.scenarioStarted)
      listener.scenarioStarted(scenario, index++, scenarios.size());
    const auto marker = options_.runTag + "." + std::to_string(++scenarioCounter_);
    auto run = std::make_unique<ScenarioRun>(options_, scenario, marker, *substatus_);
    run->send();
    if (deferred) {
      sent.push_back(std::move(run));
      continue;
    }
    std::vector<expect::LogQuery> queries;
    run->collectQueries(queries);
    if (!queries.empty())
      substatus_->awaitLog(queries, wait);
    result.scenarios.push_back(run->settle());
    if (listener.scenarioFinished)
      listener.scenarioFinished(result.scenarios.back());
  }
  if (deferred) {
    std::vector<expect::LogQuery> queries;
    for (const auto& run : sent)
      run->collectQueries(queries);
    substatus_->awaitLog(queries, wait);
    for (auto& run : sent) {
      result.scenarios.push_back(run->settle());
      if (listener.scenarioFinished)
        listener.scenarioFinished(result.scenarios.back());
    }
  }
  result.duration = duration_cast<microseconds>(Clock::now() - start);
  return result;
}

}  // namespace authreplay::run
