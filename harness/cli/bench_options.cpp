#include "cli/bench_options.h"

#include <charconv>

#include "browser/browser_catalogue.h"
#include "report/report_file.h"

namespace authreplay::cli {

namespace {

long positive(const std::string& option, const std::string& text, long limit) {
  long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0 || value > limit) {
    throw UsageError(option + " expects a whole number from 1 to " + std::to_string(limit) +
                     ", got \"" + text + "\"");
  }
  return value;
}

std::chrono::milliseconds seconds(const std::string& option, const std::string& text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(value > 0) || value > 86400) {
    throw UsageError(option + " expects seconds (more than 0, at most 86400), got \"" + text +
                     "\"");
  }
  return std::chrono::milliseconds(static_cast<long>(value * 1000));
}

bench::Handshake parseHandshake(const std::string& text) {
  if (text == "anonymous")
    return bench::Handshake::kAnonymous;
  if (text == "basic")
    return bench::Handshake::kBasic;
  if (text == "ntlm")
    return bench::Handshake::kNtlm;
  if (text == "negotiate")
    return bench::Handshake::kNegotiate;
  if (text == "kerberos")
    return bench::Handshake::kKerberos;
  throw UsageError("--scheme expects anonymous, basic, ntlm, negotiate or kerberos, got \"" + text +
                   "\"");
}

// The browsers of the catalogue that choose among schemes (curl and the scripted ones); `anonymous`
// and `basic` are what --scheme anonymous / basic measure.
std::string parseProfile(const std::string& text) {
  std::string known;
  for (const auto& name : browser::catalogue().names()) {
    if (!browser::catalogue().traits(name).value_or(scenario::BrowserTraits{}).takesSchemes)
      continue;
    if (name == text)
      return text;
    known += (known.empty() ? "" : ", ") + name;
  }
  throw UsageError("--profile expects one of " + known + ", got \"" + text + "\"");
}

}  // namespace

std::string benchUsageText() {
  return std::string(R"(usage: authreplay bench [OPTIONS] [SCENARIO...]
       authreplay bench compare A.json B.json [--max-regression 10%] [--force]

Measures authentication round trips: N virtual browsers driven concurrently (libcurl multi, one
thread), each replaying the scenario run after run (every step, its browser profile and proxy),
with a latency histogram per leg. Without a SCENARIO, --scheme/--profile/--path describe a
one-step scenario: one user reloading one page, authenticated requests back to back.
`bench compare` sets two runs' --json files side by side and exits 1 when B is worse than A by
more than the threshold (authreplay bench compare --help).

target (without one, the lab of fixtures/lab is started for the run and stopped after it):
)") + targetOptionsUsage() +
         R"(  --origin NAME        which origin of the target file (default "default"; "tls" for basic)

workload:
  --scheme S           anonymous, basic, ntlm (default), negotiate or kerberos
  --profile P          curl (default: libcurl's own handshake), ie11 (scripted, NTLM
                       pre-authentication once the space has challenged), edge, chrome
                       (scripted, anonymous first) or dotnet; with a libcurl without NTLM,
                       ntlm defaults to ie11 and --profile curl --scheme ntlm exits 3
  SCENARIO             a scenario file (or folder of them; one scenario per bench run)
  --check-every N      judge every Nth run of each browser against the scenario's
                       expectations (default 100, and every browser's first; 0 never)
  --connections N      concurrent virtual browsers (default 1, at most 1024)
  --requests M         runs (shorthand: authenticated requests) in all (default 1000)
  --duration S         run for S seconds instead (then finish the requests under way)
  --warmup N           runs per virtual browser before measuring (default 1; 0 none): in
                       no figure or histogram, reported apart
  --fresh              a new connection, so a full handshake, per request (default)
  --reuse              keep each connection; only its first request handshakes
  --path PATH          the request path (default by scheme: /hello.txt, /BasicTls/index.htm,
                       /ActiveXTest/ajaxClient2.htm)

output:
  --json FILE          write every figure (and the latency histograms) as JSON
  --report html:FILE   one self-contained HTML page: what was measured, the figures, and
                       per leg a plot of its latency distribution
  --no-progress        no progress line (it is shown only when stderr is a terminal)
  -h, --help           this text

exit codes: 0 every run completed (shorthand: authenticated) and every checked one passed,
            1 some failed (or all did, the server answering), 2 invalid input, 3 could not
            run (no server answered at all)
)";
}

BenchOptions parseBenchOptions(const std::vector<std::string>& args) {
  BenchOptions o;
  bool fresh = false;
  bool reuse = false;
  ArgReader reader(args);
  while (!reader.done()) {
    const std::string& name = reader.next();
    auto value = [&reader] { return reader.value(); };
    if (name == "-h" || name == "--help") {
      o.help = true;
      return o;
    }
    if (parseTargetOption(reader, o))
      continue;
    if (name == "--origin") {
      o.origin = value();
    } else if (name == "--scheme") {
      o.scheme = parseHandshake(value());
    } else if (name == "--profile") {
      o.profile = parseProfile(value());
      o.profileGiven = true;
    } else if (name == "--connections") {
      o.connections = static_cast<int>(positive(name, value(), 1024));
    } else if (name == "--requests") {
      o.requests = positive(name, value(), 100'000'000);
    } else if (name == "--duration") {
      o.duration = seconds(name, value());
    } else if (name == "--fresh") {
      fresh = true;
    } else if (name == "--reuse") {
      reuse = true;
    } else if (name == "--path") {
      o.path = value();
      if (o.path.empty() || o.path.front() != '/')
        throw UsageError("--path expects an absolute path such as /ActiveXTest/, got \"" + o.path +
                         "\"");
    } else if (name == "--json") {
      o.jsonFile = value();
    } else if (name == "--report") {
      const auto spec = value();
      const auto file = report::parseReportSpec(spec);
      if (!file || file->format != report::ReportFormat::kHtml) {
        throw UsageError(
            "bench writes --report html:FILE (its figures as JSON: --json FILE), got \"" + spec +
            "\"");
      }
      o.htmlFile = file->path;
    } else if (name == "--no-progress") {
      o.progress = false;
    } else if (name == "--warmup") {
      const auto text = value();
      o.warmup = text == "0" ? 0 : static_cast<int>(positive(name, text, 1'000'000));
    } else if (name == "--check-every") {
      const auto text = value();
      o.checkEvery = text == "0" ? 0 : static_cast<int>(positive(name, text, 1'000'000));
    } else if (reader.arg().empty() || reader.arg().front() != '-') {
      o.scenarios.push_back(reader.arg());
    } else {
      throw UsageError("unknown bench option " + name + " (see authreplay bench --help)");
    }
  }
  checkTargetOptions(o);
  if (fresh && reuse)
    throw UsageError("give --fresh or --reuse, not both");
  o.mode = reuse ? bench::ConnectionMode::kReuse : bench::ConnectionMode::kFresh;
  if (o.requests && o.duration)
    throw UsageError("give --requests or --duration, not both");
  if (o.path.empty())
    o.path = bench::defaultPath(o.scheme);
  return o;
}

}  // namespace authreplay::cli
