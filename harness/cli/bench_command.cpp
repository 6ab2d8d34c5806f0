#include "cli/bench_command.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>

#include "bench/bench_engine.h"
#include "bench/bench_options.h"
#include "bench/bench_report.h"
#include "cli/embedded_lab.h"
#include "cli/exit_codes.h"
#include "cli/lab_locator.h"
#include "cli/target_selection.h"
#include "http/curl_global.h"
#include "http/libcurl_ntlm.h"
#include "json/source_document.h"
#include "run/password_source.h"
#include "scenario/target_file.h"

namespace authreplay::cli {

namespace {

using bench::BenchOptions;

TargetSelection selectionOf(const BenchOptions& o) {
  TargetSelection selection;
  selection.file = o.targetFile;
  selection.url = o.targetUrl;
  selection.originOnly = true;
  selection.user = o.user;
  selection.caFile = o.caFile;
  selection.insecure = o.insecure;
  return selection;
}

// "http://localhost:8080" -> host "localhost", port 8080 (the SPN is built from the host).
void hostAndPort(const std::string& origin, bench::Workload& w) {
  static const std::regex kOrigin("(https?)://(\\[[^\\]]+\\]|[^:/]+)(?::(\\d+))?/?.*",
                                  std::regex::icase);
  std::smatch m;
  if (!std::regex_match(origin, m, kOrigin))
    return;
  w.host = m[2].str();
  const bool tls = m[1].str().size() == 5;
  w.port = static_cast<std::uint16_t>(m[3].matched ? std::stoi(m[3].str()) : (tls ? 443 : 80));
}

// libcurl's Negotiate (the curl profile) finds the Kerberos ticket through GSSAPI's process
// environment, as the runner arranges it (run/runner.h); the scripted clients name the ccache.
void exportKerberos(const scenario::KerberosSettings& k) {
  if (!k.ccache.empty())
    ::setenv("KRB5CCNAME", k.ccache.c_str(), 1);
  if (!k.config.empty())
    ::setenv("KRB5_CONFIG", k.config.c_str(), 1);
  if (!k.clientKeytab.empty())
    ::setenv("KRB5_CLIENT_KTNAME", k.clientKeytab.c_str(), 1);
}

bool needsPassword(bench::Scheme scheme) {
  return scheme == bench::Scheme::kNtlm || scheme == bench::Scheme::kBasic;
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

int measure(
    const BenchOptions& o, std::ostream& out, std::ostream& err,
    const std::function<bool()>& interrupted = [] { return false; }) {
  auto target = loadTarget(selectionOf(o), err);
  if (!target)
    return kInvalidInput;
  std::string originName = o.origin;
  if (originName.empty()) {
    originName =
        o.scheme == bench::Scheme::kBasic && target->origins.count("tls") ? "tls" : "default";
  }
  const auto origin = target->origins.find(originName);
  if (origin == target->origins.end()) {
    err << "error: the target has no origin \"" << originName << "\"\n";
    return kInvalidInput;
  }
  bench::Workload w;
  std::string base = origin->second;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  w.url = base + o.path;
  hostAndPort(origin->second, w);
  w.scheme = o.scheme;
  w.profile = o.profile;
  w.mode = o.mode;
  w.user = target->credentials.user;
  if (needsPassword(o.scheme) || o.scheme == bench::Scheme::kNegotiate) {
    std::optional<std::string> password;
    try {
      password = run::resolvePassword({o.passwordEnv, o.passwordFile}, target->credentials);
    } catch (const run::PasswordError& e) {
      err << "error: " << e.what() << "\n";
      return kInvalidInput;
    }
    if (!password && needsPassword(o.scheme)) {
      err << "error: " << bench::toString(o.scheme)
          << " needs a password: give --password-env VAR or --password-file FILE, or "
             "passwordFile/passwordEnv in the target file\n";
      return kInvalidInput;
    }
    if (w.user.empty() && needsPassword(o.scheme)) {
      err << "error: " << bench::toString(o.scheme)
          << " needs a user: give --user DOMAIN\\user or credentials.user in the target file\n";
      return kInvalidInput;
    }
    w.password = password.value_or("");
  }
  const auto& k = target->credentials.kerberos;
  w.kerberosCcache = k.ccache;
  w.kerberosClientKeytab = k.clientKeytab;
  w.kerberosPrincipal = k.principal;
  w.caFile = target->caFile;
  w.insecure = target->insecure;
  w.connectTimeout = target->connectTimeout;
  w.requestTimeout = target->requestTimeout;
  exportKerberos(k);

  bench::BenchLimits limits;
  limits.connections = o.connections;
  limits.requests = o.requestLimit();
  limits.duration = o.duration;
  limits.stopRequested = interrupted;
  ProgressLine line(o.progress && ::isatty(STDERR_FILENO) == 1);
  auto result =
      bench::runBench(w, limits, [&line](const bench::BenchProgress& p) { line.show(p); });
  line.clear();

  bench::BenchDescription what;
  what.url = w.url;
  what.scheme = o.scheme;
  what.profile = o.profile;
  what.mode = o.mode;
  what.connections = o.connections;
  what.requests = limits.requests;
  what.durationSeconds = o.duration ? o.duration->count() / 1000.0 : 0.0;
  bench::printBenchSummary(out, what, result);
  if (!o.jsonFile.empty()) {
    std::ofstream file(o.jsonFile, std::ios::binary | std::ios::trunc);
    file << bench::benchJson(what, result).dump(2) << "\n";
    if (!file) {
      err << "error: cannot write " << o.jsonFile << "\n";
      return kCouldNotRun;
    }
  }
  const auto& s = result.stats;
  if (s.authenticated() == 0)
    return kCouldNotRun;
  return s.failed() == 0 ? kAllPassed : kExpectationFailed;
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
  const int code = measure(o, out, err, [&lab] { return lab.interrupted(); });
  lab.stop();
  return code;
}

// The curl profile's NTLM is libcurl's (CURLAUTH_NTLM), which libcurl makes opt-in from 8.20
// (curl PR #20698). Asked for explicitly it cannot be measured: exit 3 with the reason. By default
// ie11 measures NTLM instead, with the project's own NTLM (harness/auth/ntlm), and says so.
std::optional<int> chooseProfile(BenchOptions& o, std::ostream& err) {
  if (o.scheme != bench::Scheme::kNtlm || o.profile != bench::BenchProfile::kCurl ||
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
  o.profile = bench::BenchProfile::kIe11;
  return std::nullopt;
}

}  // namespace

int runBenchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  BenchOptions options;
  try {
    options = bench::parseBenchOptions(args);
  } catch (const bench::BenchUsageError& e) {
    err << "error: " << e.what() << "\n\n" << bench::benchUsageText();
    return kInvalidInput;
  }
  if (options.help) {
    out << bench::benchUsageText();
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
