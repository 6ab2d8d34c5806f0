// `authreplay bench` options (issue 6), parsed on their own so that the scenario commands' parser
// (cli/options.h) and this one can change independently. Parsing only; bench_engine.h acts on it.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace authreplay::bench {

// What the shorthand (`--scheme`) measures: which handshake the one-step scenario makes. Not an
// auth scheme (auth/scheme.h): "kerberos" is Negotiate restricted to a ticket, "anonymous" none.
enum class Handshake { kAnonymous, kBasic, kNtlm, kNegotiate, kKerberos };
enum class ConnectionMode { kFresh, kReuse };

struct BenchOptions {
  // Scenario files or folders to drive (the positional arguments); empty: the shorthand below.
  std::vector<std::string> scenarios;
  int checkEvery = 100;    // --check-every N: judge every Nth run of each browser; 0 never
  std::string targetUrl;   // --target
  std::string targetFile;  // --target-file
  std::string
      origin;  // --origin: which of the target file's origins ("" : "default", "tls" for basic)
  Handshake scheme = Handshake::kNtlm;
  // Who decides the legs: a browser of the catalogue (browser/browser_catalogue.h): "curl"
  // (libcurl's own handshake), or a scripted one ("ie11", "edge", "chrome", "dotnet").
  std::string profile = "curl";
  bool profileGiven = false;  // --profile was on the command line (not the default)
  int connections = 1;
  std::optional<long> requests;  // --requests (default 1000 without --duration)
  std::optional<std::chrono::milliseconds> duration;  // --duration S
  ConnectionMode mode = ConnectionMode::kFresh;
  std::string path;  // --path; default per scheme (defaultPath)
  std::string jsonFile;
  std::string user;          // --user: overrides the target's credentials.user
  std::string passwordEnv;   // --password-env
  std::string passwordFile;  // --password-file
  std::string caFile;
  bool insecure = false;
  bool keepLab = false;
  bool progress = true;  // --no-progress turns the terminal progress line off
  bool help = false;

  bool usesEmbeddedLab() const { return targetUrl.empty() && targetFile.empty(); }
  long requestLimit() const { return requests.value_or(duration ? 0 : 1000); }
};

class BenchUsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ARGS are those after "bench". Throws BenchUsageError with a message for the user.
BenchOptions parseBenchOptions(const std::vector<std::string>& args);
const char* benchUsageText();

const char* toString(Handshake scheme);
const char* toString(ConnectionMode mode);

// The lab path each scheme is measured on (docs/lab.md "Default layout"): an anonymous static
// file, Basic over TLS, and seed 000's page under Windows authentication for the rest.
std::string defaultPath(Handshake scheme);

}  // namespace authreplay::bench
