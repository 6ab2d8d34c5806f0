#include "cli/bench_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <optional>

#include "bench/bench_engine.h"
#include "bench/bench_html_report.h"
#include "bench/bench_report.h"
#include "browser/browser_catalogue.h"
#include "browser/client_credentials.h"
#include "browser/step_request.h"
#include "cli/bench_compare_command.h"
#include "cli/bench_options.h"
#include "cli/embedded_lab.h"
#include "cli/exit_codes.h"
#include "cli/lab_locator.h"
#include "cli/target_selection.h"
#include "http/curl_global.h"
#include "http/libcurl_ntlm.h"
#include "json/source_document.h"
#include "report/iso_time.h"
#include "report/report_file.h"
#include "run/password_source.h"
#include "scenario/scenario_set.h"
#include "scenario/target_compatibility.h"
#include "scenario/target_file.h"

#ifndef AUTHREPLAY_VERSION
#define AUTHREPLAY_VERSION "0.0.0"
#endif

namespace authreplay::cli {

namespace {

// `bench` takes only an origin from --target: its request path is --path.
TargetSelection benchSelection(const BenchOptions& o) {
  TargetSelection selection = selectionOf(o);
  selection.originOnly = true;
  return selection;
}

// libcurl's Negotiate (the curl profile) finds the Kerberos ticket through GSSAPI's process
// environment, as the runner arranges it (run/runner.h); the scripted profiles name the ccache.
void exportKerberos(const scenario::KerberosSettings& k) {
  if (!k.ccache.empty())
    ::setenv("KRB5CCNAME", k.ccache.c_str(), 1);
  if (!k.config.empty())
    ::setenv("KRB5_CONFIG", k.config.c_str(), 1);
  if (!k.clientKeytab.empty())
    ::setenv("KRB5_CLIENT_KTNAME", k.clientKeytab.c_str(), 1);
}

bool needsPassword(bench::Handshake scheme) {
  return scheme == bench::Handshake::kNtlm || scheme == bench::Handshake::kBasic;
}

// The shorthand's one-step scenario: PROFILE requesting PATH on ORIGIN with SCHEME, fresh or
// reused connections. Kerberos is Negotiate with the ticket only (no password, so no NTLM inside
// SPNEGO); libcurl's Negotiate always takes the ticket from the ccache.
scenario::Scenario shorthandScenario(const BenchOptions& o, const std::string& origin) {
  scenario::Scenario s;
  s.id = std::string("bench.") + bench::toString(o.scheme) + "." + o.profile;
  auto& client = s.client;
  client.browser = o.scheme == bench::Handshake::kAnonymous ? "anonymous" : o.profile;
  switch (o.scheme) {
    case bench::Handshake::kAnonymous:
      break;
    case bench::Handshake::kBasic:
      client.schemes = {auth::Scheme::kBasic};
      break;
    case bench::Handshake::kNtlm:
      client.schemes = {auth::Scheme::kNtlm};
      break;
    case bench::Handshake::kNegotiate:
      client.schemes = {auth::Scheme::kNegotiate};
      break;
    case bench::Handshake::kKerberos:
      client.schemes = {auth::Scheme::kNegotiate};
      if (browser::isScriptedBrowser(client.browser))
        client.kerberos = true;
      break;
  }
  const bool passwordless = o.scheme == bench::Handshake::kKerberos ||
                            (o.scheme == bench::Handshake::kNegotiate && o.profile == "curl");
  if (passwordless)
    client.credentials = scenario::Credentials::kNone;
  scenario::Step step;
  scenario::RequestStep request;
  request.request.origin = origin;
  request.request.path = o.path;
  // --fresh: every request on a connection of its own, closed after the request (the plain
  // libcurl loop's FORBID_REUSE), so the close is not on the next handshake's way.
  request.request.connection = o.mode == bench::ConnectionMode::kFresh
                                   ? scenario::ConnectionPolicy::kClose
                                   : scenario::ConnectionPolicy::kReuse;
  step.action = std::move(request);
  s.steps.push_back(std::move(step));
  return s;
}

class ProgressLine {
 public:
  explicit ProgressLine(bool on) : on_(on) {}
  ~ProgressLine() { clear(); }
  void show(const bench::BenchProgress& p) {
    if (!on_)
      return;
    const double seconds = std::chrono::duration<double>(p.elapsed).count();
    const double rate = seconds > 0 ? static_cast<double>(p.done - p.failed) / seconds : 0;
    if (p.target > 0) {
      std::fprintf(stderr, "\r  %llu/%ld requests  %.0f authenticated/s  %llu failed   ",
                   static_cast<unsigned long long>(p.done), p.target, rate,
                   static_cast<unsigned long long>(p.failed));
    } else {
      std::fprintf(stderr, "\r  %.1f/%.0f s  %llu requests  %.0f authenticated/s  %llu failed   ",
                   seconds, p.duration ? p.duration->count() / 1000.0 : 0.0,
                   static_cast<unsigned long long>(p.done), rate,
                   static_cast<unsigned long long>(p.failed));
    }
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (shown_)
      std::fprintf(stderr, "\r%60s\r", "");
    shown_ = false;
  }

 private:
  bool on_;
  bool shown_ = false;
};

// Every run failed: a conformance failure (1) when the server answered them (a 401.2 for every
// request is what the target does, and a gate must fail on it), "could not run" (3) only when
// nothing answered at all (refused connections, timeouts, no token to send).
int benchExitCode(const bench::BenchResult& result) {
  const auto& s = result.stats;
  if (s.authenticated() == 0)
    return s.answered() > 0 ? kExpectationFailed : kCouldNotRun;
  return s.failed() == 0 && result.failedChecks == 0 ? kAllPassed : kExpectationFailed;
}

// Runs WORKLOAD and prints its summary (and --json); the exit code of this one bench.
int benchOne(const BenchOptions& o, const bench::Workload& w, const std::string& url,
             std::ostream& out, std::ostream& err, const std::function<bool()>& interrupted) {
  const auto startedAt = std::chrono::system_clock::now();
  bench::BenchLimits limits;
  limits.connections = o.connections;
  limits.warmup = o.warmup;
  limits.requests = o.requestLimit();
  limits.duration = o.duration;
  limits.stopRequested = interrupted;
  ProgressLine line(o.progress && ::isatty(STDERR_FILENO) == 1);
  bench::BenchResult result;
  try {
    result = bench::runBench(w, limits, [&line](const bench::BenchProgress& p) { line.show(p); });
  } catch (const std::invalid_argument& e) {
    err << "error: " << w.scenario.file << ": " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    line.clear();
    err << "error: " << w.scenario.id << ": internal error: " << e.what() << "\n";
    return kCouldNotRun;
  }
  line.clear();

  bench::BenchDescription what;
  what.startedAt = report::isoTimeMillis(startedAt);
  what.authreplayVersion = AUTHREPLAY_VERSION;
  what.libcurlVersion = http::libcurlVersion();
  // The embedded lab's target file names its temporary folder, new with every lab: two runs on
  // it measured the same target.
  what.targetName = o.embeddedLab ? "embedded lab" : w.target.name;
  what.url = url;
  what.scenarioFiles = w.repeatedRequest ? std::vector<std::string>{"shorthand"}
                                         : std::vector<std::string>{w.scenario.file};
  what.path = w.repeatedRequest ? o.path : "";
  what.scenario = w.repeatedRequest ? "" : w.scenario.id;
  what.steps = static_cast<int>(w.scenario.steps.size());
  what.scheme = o.scheme;
  what.profile = w.scenario.client.browser;
  what.mode = o.mode;
  what.connections = o.connections;
  what.requests = limits.requests;
  what.durationSeconds = o.duration ? o.duration->count() / 1000.0 : 0.0;
  what.warmup = o.warmup;
  what.checkEvery = w.checkEvery;
  bench::printBenchSummary(out, what, result);
  if (!o.jsonFile.empty()) {
    std::ofstream file(o.jsonFile, std::ios::binary | std::ios::trunc);
    file << bench::benchJson(what, result).dump(2) << "\n";
    if (!file) {
      err << "error: cannot write " << o.jsonFile << "\n";
      return kCouldNotRun;
    }
  }
  if (!o.htmlFile.empty()) {
    std::ofstream file(o.htmlFile, std::ios::binary | std::ios::trunc);
    bench::writeBenchHtml(file, what, result);
    if (!file) {
      err << "error: cannot write " << o.htmlFile << "\n";
      return kCouldNotRun;
    }
  }
  return benchExitCode(result);
}

int measure(
    const BenchOptions& o, std::ostream& out, std::ostream& err,
    const std::function<bool()>& interrupted = [] { return false; }) {
  auto target = loadTarget(benchSelection(o), err);
  if (!target)
    return kInvalidInput;
  std::optional<auth::Secret> password;
  std::map<std::string, http::ProxyCredentials> proxyCredentials;
  try {
    password = run::resolvePassword(o.password, target->credentials);
    proxyCredentials = run::resolveProxyCredentials(*target);
  } catch (const run::PasswordError& e) {
    err << "error: " << e.what() << "\n";
    return kInvalidInput;
  }
  exportKerberos(target->credentials.kerberos);

  std::vector<scenario::Scenario> scenarios;
  const bool shorthand = o.scenarios.empty();
  if (shorthand) {
    std::string originName = o.origin;
    if (originName.empty()) {
      originName =
          o.scheme == bench::Handshake::kBasic && target->origins.count("tls") ? "tls" : "default";
    }
    if (!target->origins.count(originName)) {
      err << "error: the target has no origin \"" << originName << "\"\n";
      return kInvalidInput;
    }
    if (needsPassword(o.scheme) && !password) {
      err << "error: " << bench::toString(o.scheme)
          << " needs a password: give --password-env VAR or --password-file FILE, or "
             "passwordFile/passwordEnv in the target file\n";
      return kInvalidInput;
    }
    if (needsPassword(o.scheme) && target->credentials.user.empty()) {
      err << "error: " << bench::toString(o.scheme)
          << " needs a user: give --user DOMAIN\\user or credentials.user in the target file\n";
      return kInvalidInput;
    }
    scenarios.push_back(shorthandScenario(o, originName));
  } else {
    std::vector<std::filesystem::path> files;
    try {
      files = scenario::findScenarioFiles(o.scenarios);
    } catch (const std::exception& e) {
      err << "error: " << e.what() << "\n";
      return kInvalidInput;
    }
    auto loaded = scenario::loadScenarios(files, browser::catalogue());
    for (const auto& error : loaded.errors)
      err << error.what() << "\n";
    if (!loaded.errors.empty())
      return kInvalidInput;
    scenarios = std::move(loaded.scenarios);
    // A scenario's bodyFile outside its folder goes only to a target that allows it.
    const auto refused = scenario::uncheckableExpectations(scenarios, *target);
    for (const auto& error : refused)
      err << error.what() << "\n";
    if (!refused.empty())
      return kInvalidInput;
  }

  // One bench run per file: several scenarios would overwrite each other's figures.
  if ((!o.jsonFile.empty() || !o.htmlFile.empty()) && scenarios.size() > 1) {
    err << "error: --json and --report hold one bench run, and " << scenarios.size()
        << " scenarios were given: bench them one at a time, each with its own files\n";
    return kInvalidInput;
  }
  // A file that could not be written would be found only after the whole run.
  for (const auto& path : {o.jsonFile, o.htmlFile}) {
    if (path.empty())
      continue;
    if (const auto reason = report::unwritableReason({report::ReportFormat::kHtml, path})) {
      err << "error: " << *reason << ": nothing was sent\n";
      return kInvalidInput;
    }
  }
  int code = kAllPassed;
  for (const auto& scenario : scenarios) {
    bench::Workload w;
    w.scenario = scenario;
    w.target = *target;
    w.proxyCredentials = proxyCredentials;
    w.repeatedRequest = shorthand;
    // The shorthand has no expectations to sample: each of its runs is judged by its 2xx.
    w.checkEvery = shorthand ? 0 : o.checkEvery;
    std::string error;
    w.credentials =
        browser::clientCredentials(scenario.client, target->credentials, password, error);
    w.credentials.canonicalNames = target->cnames;
    if (!error.empty()) {
      err << "error: " << scenario.id << ": " << error << "\n";
      return kInvalidInput;
    }
    auto profile = browser::makeProfile(scenario.client, w.credentials);
    if (auto reason = profile->unavailableReason()) {
      err << "skipped: " << scenario.id << ": " << *reason << "\n";
      continue;
    }
    const auto* first = std::get_if<scenario::RequestStep>(&scenario.steps.front().action);
    const auto url =
        first ? browser::buildUrl(*target, first->request.origin, first->request.path).url : "";
    const int one = benchOne(o, w, url, out, err, interrupted);
    code = std::max(code, one);
    if (interrupted())
      break;
  }
  return code;
}

// No target: the embedded lab, as `authreplay run` does it (embedded_lab.h).
int measureOnEmbeddedLab(BenchOptions o, std::ostream& out, std::ostream& err) {
  LabTools tools;
  try {
    tools = locateLabTools(LabSearch::forThisProcess());
  } catch (const LabNotFound& e) {
    err << "error: " << e.what() << "\n";
    return kCouldNotRun;
  }
  EmbeddedLab lab({tools, o.keepLab, false}, err);
  try {
    lab.start();
  } catch (const LabStartError& e) {
    err << "error: " << e.what() << (std::string_view(e.what()).ends_with('\n') ? "" : "\n");
    return kCouldNotRun;
  }
  o.targetFile = lab.targetFile().string();
  o.embeddedLab = true;
  const int code = measure(o, out, err, [&lab] { return lab.interrupted(); });
  lab.stop();
  return code;
}

// The curl profile's NTLM is libcurl's (CURLAUTH_NTLM), which libcurl makes opt-in from 8.20
// (curl PR #20698). Asked for explicitly it cannot be measured: exit 3 with the reason. By default
// ie11 measures NTLM instead, with the project's own NTLM (harness/auth/ntlm), and says so.
std::optional<int> chooseProfile(BenchOptions& o, std::ostream& err) {
  if (!o.scenarios.empty() || o.scheme != bench::Handshake::kNtlm || o.profile != "curl" ||
      http::libcurlHasNtlm()) {
    return std::nullopt;
  }
  const auto& reason = http::libcurlNtlm().missingReason;
  if (o.profileGiven) {
    err << "error: --profile curl --scheme ntlm needs libcurl's NTLM: " << reason
        << "; use --profile ie11 or --profile chrome\n";
    return kCouldNotRun;
  }
  err << "note: " << reason << ": measuring NTLM with --profile ie11 instead of curl\n";
  o.profile = "ie11";
  return std::nullopt;
}

}  // namespace

int runBenchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args.front() == "compare")
    return runBenchCompareCommand({args.begin() + 1, args.end()}, out, err);
  BenchOptions options;
  try {
    options = parseBenchOptions(args);
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n\n" << benchUsageText();
    return kInvalidInput;
  }
  if (options.help) {
    out << benchUsageText();
    return kAllPassed;
  }
  http::ensureCurlGlobalInit();
  if (const auto code = chooseProfile(options, err))
    return *code;
  if (options.usesEmbeddedLab())
    return measureOnEmbeddedLab(options, out, err);
  return measure(options, out, err);
}

}  // namespace authreplay::cli
