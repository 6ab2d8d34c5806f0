#include "bench/bench_options.h"

#include <charconv>

#include "browser/browser_catalogue.h"

namespace authreplay::bench {

namespace {

long positive(const std::string& option, const std::string& text, long limit) {
  long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0 || value > limit) {
    throw BenchUsageError(option + " expects a whole number from 1 to " + std::to_string(limit) +
                          ", got \"" + text + "\"");
  }
  return value;
}

std::chrono::milliseconds seconds(const std::string& option, const std::string& text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(value > 0) || value > 86400) {
    throw BenchUsageError(option + " expects seconds (more than 0, at most 86400), got \"" + text +
                          "\"");
  }
  return std::chrono::milliseconds(static_cast<long>(value * 1000));
}

Handshake parseHandshake(const std::string& text) {
  if (text == "anonymous")
    return Handshake::kAnonymous;
  if (text == "basic")
    return Handshake::kBasic;
  if (text == "ntlm")
    return Handshake::kNtlm;
  if (text == "negotiate")
    return Handshake::kNegotiate;
  if (text == "kerberos")
    return Handshake::kKerberos;
  throw BenchUsageError("--scheme expects anonymous, basic, ntlm, negotiate or kerberos, got \"" +
                        text + "\"");
}

// The browsers of the catalogue that make handshakes: all but `anonymous` and `basic`, which
// --scheme covers.
std::string parseProfile(const std::string& text) {
  std::string known;
  for (const auto& name : browser::catalogue().names()) {
    if (name == "anonymous" || name == "basic")
      continue;
    if (name == text)
      return text;
    known += (known.empty() ? "" : ", ") + name;
  }
  throw BenchUsageError("--profile expects one of " + known + ", got \"" + text + "\"");
}

}  // namespace

const char* benchUsageText() {
  return R"(usage: authreplay bench [OPTIONS] [SCENARIO...]

Measures authentication round trips: N virtual browsers driven concurrently (libcurl multi, one
thread), each replaying the scenario run after run (every step, its browser profile and proxy),
with a latency histogram per leg. Without a SCENARIO, --scheme/--profile/--path describe a
one-step scenario: one user reloading one page, authenticated requests back to back.

target (without one, the lab of fixtures/lab is started for the run and stopped after it):
  --target URL         the server, e.g. http://localhost:8080
  --target-file FILE   a target file, e.g. the lab's DIR/target.json
  --origin NAME        which origin of the target file (default "default"; "tls" for basic)
  --keep-lab           leave the embedded lab running afterwards
  --user DOMAIN\USER   the user (overrides the target file's credentials.user)
  --password-env VAR   read the password from environment variable VAR
  --password-file F    read the password from file F (never on the command line)
  --cacert FILE        CA certificates for TLS;  --insecure: do not verify

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
  --fresh              a new connection, so a full handshake, per request (default)
  --reuse              keep each connection; only its first request handshakes
  --path PATH          the request path (default by scheme: /hello.txt, /BasicTls/index.htm,
                       /ActiveXTest/ajaxClient2.htm)

output:
  --json FILE          write every figure (and the latency histograms) as JSON
  --no-progress        no progress line (it is shown only when stderr is a terminal)
  -h, --help           this text

exit codes: 0 every run completed (shorthand: authenticated) and every checked one passed,
            1 some failed, 2 invalid input, 3 could not run
)";
}

BenchOptions parseBenchOptions(const std::vector<std::string>& args) {
  BenchOptions o;
  bool fresh = false;
  bool reuse = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::optional<std::string> inlineValue;
    if (name.rfind("--", 0) == 0) {
      if (const auto eq = name.find('='); eq != std::string::npos) {
        inlineValue = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
    }
    auto value = [&]() -> std::string {
      if (inlineValue)
        return *inlineValue;
      if (i + 1 >= args.size())
        throw BenchUsageError(name + " needs a value");
      return args[++i];
    };
    if (name == "-h" || name == "--help") {
      o.help = true;
      return o;
    } else if (name == "--target") {
      o.targetUrl = value();
    } else if (name == "--target-file") {
      o.targetFile = value();
    } else if (name == "--origin") {
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
        throw BenchUsageError("--path expects an absolute path such as /ActiveXTest/, got \"" +
                              o.path + "\"");
    } else if (name == "--json") {
      o.jsonFile = value();
    } else if (name == "--user") {
      o.user = value();
      if (o.user.find(':') != std::string::npos) {
        throw BenchUsageError(
            "--user takes a user name only (DOMAIN\\user); the password comes from "
            "--password-env or --password-file");
      }
    } else if (name == "--password-env") {
      o.passwordEnv = value();
    } else if (name == "--password-file") {
      o.passwordFile = value();
    } else if (name == "--password" || name == "-u") {
      throw BenchUsageError(name +
                            " is not accepted: a password on the command line ends up in shell "
                            "history and process lists; use --password-env VAR or "
                            "--password-file FILE");
    } else if (name == "--cacert") {
      o.caFile = value();
    } else if (name == "--insecure" || name == "-k") {
      o.insecure = true;
    } else if (name == "--keep-lab") {
      o.keepLab = true;
    } else if (name == "--no-progress") {
      o.progress = false;
    } else if (name == "--check-every") {
      const auto text = value();
      o.checkEvery = text == "0" ? 0 : static_cast<int>(positive(name, text, 1'000'000));
    } else if (name.empty() || name.front() != '-') {
      o.scenarios.push_back(name);
    } else {
      throw BenchUsageError("unknown bench option " + name + " (see authreplay bench --help)");
    }
  }
  if (!o.targetUrl.empty() && !o.targetFile.empty())
    throw BenchUsageError("give --target or --target-file, not both");
  if (fresh && reuse)
    throw BenchUsageError("give --fresh or --reuse, not both");
  o.mode = reuse ? ConnectionMode::kReuse : ConnectionMode::kFresh;
  if (o.requests && o.duration)
    throw BenchUsageError("give --requests or --duration, not both");
  if (o.keepLab && !o.usesEmbeddedLab())
    throw BenchUsageError("--keep-lab applies to the embedded lab only");
  if (o.path.empty())
    o.path = defaultPath(o.scheme);
  return o;
}

const char* toString(Handshake scheme) {
  switch (scheme) {
    case Handshake::kAnonymous:
      return "anonymous";
    case Handshake::kBasic:
      return "basic";
    case Handshake::kNtlm:
      return "ntlm";
    case Handshake::kNegotiate:
      return "negotiate";
    case Handshake::kKerberos:
      return "kerberos";
  }
  return "?";
}

const char* toString(ConnectionMode mode) {
  return mode == ConnectionMode::kFresh ? "fresh" : "reuse";
}

std::string defaultPath(Handshake scheme) {
  switch (scheme) {
    case Handshake::kAnonymous:
      return "/hello.txt";
    case Handshake::kBasic:
      return "/BasicTls/index.htm";
    default:
      return "/ActiveXTest/ajaxClient2.htm";
  }
}

}  // namespace authreplay::bench
