#include "run/runner.h"

#include <cstdlib>
#include <random>

#include "browser/profile.h"
#include "browser/proxy_bypass.h"
#include "browser/url_parts.h"
#include "expect/step_checks.h"
#include "http/client.h"
#include "run/password_source.h"
#include "run/recycler.h"

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

bool needsPassword(const scenario::Client& client) {
  if (client.browser == "anonymous" || client.credentials == scenario::Credentials::kNone) {
    return false;
  }
  if (client.browser == "basic" || client.schemes.empty())
    return true;
  for (const auto& scheme : client.schemes) {
    if (scheme != "Negotiate")
      return true;
  }
  return false;
}

// One scenario's execution: its client (and so its connections), profile and log correlation.
class ScenarioRun {
 public:
  ScenarioRun(const RunnerOptions& options, const scenario::Scenario& scenario, std::string marker,
              expect::SubstatusResolver& substatus)
      : options_(options),
        scenario_(scenario),
        markerPrefix_(std::move(marker)),
        substatus_(substatus) {}

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
    } catch (const std::exception& e) {
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
    const auto& target = options_.target.credentials;
    browser::ClientCredentials out;
    out.kerberos = !target.kerberos.ccache.empty() || !target.kerberos.clientKeytab.empty();
    out.kerberosCcache = target.kerberos.ccache;
    out.kerberosClientKeytab = target.kerberos.clientKeytab;
    out.kerberosPrincipal = target.kerberos.principal;
    const auto& client = scenario_.client;
    if (client.credentials == scenario::Credentials::kNone)
      return out;
    if (!options_.password || target.user.empty()) {
      if (needsPassword(client)) {
        error = target.user.empty()
                    ? "the scenario needs credentials but the target names no user "
                      "(credentials.user in the target file, or --user)"
                    : "the scenario needs a password: give --password-env VAR, --password-file "
                      "FILE, or the target's credentials.passwordFile";
      }
      return out;
    }
    out.present = true;
    out.user = target.user;
    out.password = *options_.password;
    // A password that is certainly not the user's: the real one with something appended.
    if (client.credentials == scenario::Credentials::kWrongPassword)
      out.password += "-wrong";
    return out;
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
    auto built = buildUrl(target, request.origin, request.path);
    if (!built.error.empty()) {
      result.error = std::move(built.error);
      return;
    }
    std::string marker;
    if (!substatus_.markerParameter().empty()) {
      marker = markerPrefix_ + "." + std::to_string(index);
      built.url = withQueryParameter(built.url, substatus_.markerParameter(), marker);
    }
    result.url = built.url;

    http::TransferRequest transfer;
    transfer.method = request.method;
    transfer.url = built.url;
    for (const auto& [name, value] : request.headers)
      transfer.headers.push_back({name, value});
    transfer.body = request.body;
    switch (request.connection) {
      case scenario::ConnectionPolicy::kReuse:
        transfer.reuse = http::ConnectionReuse::kReuse;
        break;
      case scenario::ConnectionPolicy::kFresh:
        transfer.reuse = http::ConnectionReuse::kFresh;
        break;
      case scenario::ConnectionPolicy::kClose:
        transfer.reuse = http::ConnectionReuse::kForbidReuse;
        break;
    }
    if (auto error = route(built.url, transfer)) {
      result.error = std::move(*error);
      return;
    }
    transfer.resolve = target.resolve;
    transfer.tls.caFile = target.caFile;
    transfer.tls.insecure = target.insecure;
    transfer.connectTimeout = target.connectTimeout;
    transfer.totalTimeout = target.requestTimeout;

    substatus_.beforeTransfer();
    auto sent = profile.send(transfer, client_);
    for (auto& exchange : sent.exchanges)
      result.legs.push_back(expect::observe(std::move(exchange)));
    if (sent.error) {
      result.error = std::string("could not complete ") + request.method + " " + built.url + ": " +
                     sent.error->message + " (" + http::toString(sent.error->kind) + ")";
      return;
    }
    substatus_.resolve(result.legs, marker, request.method, uriStem(built.url));
    result.checks =
        expect::checkStep(step.expect, result.legs, previousLeg_ ? &*previousLeg_ : nullptr);
    if (!result.legs.empty())
      previousLeg_ = result.legs.back();
  }

  // The forward proxy of the scenario's client, unless the host is on the target's noProxy list or
  // the client's IE-style exclusions (seed 002's fix), and the credentials a 407 gets.
  std::optional<std::string> route(const std::string& url, http::TransferRequest& transfer) {
    const auto& target = options_.target;
    const auto& name = scenario_.client.proxy;
    if (!name)
      return std::nullopt;
    const auto proxy = target.proxies.find(*name);
    if (proxy == target.proxies.end())
      return "the target has no proxy \"" + *name + "\"";
    std::string error;
    auto entries =
        browser::expandOriginEntries(scenario_.client.proxyBypass, target.origins, error);
    if (!error.empty())
      return error;
    entries.insert(entries.end(), target.noProxy.begin(), target.noProxy.end());
    const auto parts = browser::parseUrl(url);
    if (parts && browser::ProxyBypass(entries).bypasses(parts->host))
      return std::nullopt;  // direct
    transfer.proxy = proxy->second;
    if (const auto credentials = target.proxyCredentials.find(*name);
        credentials != target.proxyCredentials.end()) {
      try {
        scenario::TargetCredentials source;
        source.passwordFile = credentials->second.passwordFile;
        source.passwordEnv = credentials->second.passwordEnv;
        const auto password = resolvePassword({}, source);
        transfer.proxyCredentials.user = credentials->second.user;
        transfer.proxyCredentials.password = password.value_or("");
      } catch (const PasswordError& e) {
        return std::string("the password of proxy \"") + *name + "\": " + e.what();
      }
    }
    return std::nullopt;
  }

  const RunnerOptions& options_;
  const scenario::Scenario& scenario_;
  std::string markerPrefix_;
  expect::SubstatusResolver& substatus_;
  http::Client client_;
  std::optional<expect::LegObservation> previousLeg_;
};

}  // namespace

BuiltUrl buildUrl(const scenario::Target& target, const std::string& origin,
                  const std::string& path) {
  const auto it = target.origins.find(origin);
  if (it == target.origins.end()) {
    std::string known;
    for (const auto& [name, url] : target.origins)
      known += (known.empty() ? "" : ", ") + name;
    return {"", "the target has no origin \"" + origin + "\" (it has: " + known + ")"};
  }
  std::string base = it->second;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  // The longest matching prefix wins ("/ActiveXTest/Anonymous/" over "/ActiveXTest/").
  std::string mapped = path;
  std::size_t best = 0;
  for (const auto& [from, to] : target.pathPrefixes) {
    if (from.size() > best && path.compare(0, from.size(), from) == 0) {
      best = from.size();
      mapped = to + path.substr(from.size());
    }
  }
  return {base + mapped, ""};
}

std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value) {
  const auto fragment = url.find('#');
  std::string head = url.substr(0, fragment);
  const std::string tail = fragment == std::string::npos ? "" : url.substr(fragment);
  head += (head.find('?') == std::string::npos ? "?" : "&") + name + "=" + value;
  return head + tail;
}

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
