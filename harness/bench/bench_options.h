// `authreplay bench` options (issue 6), parsed on their own so that the scenario commands' parser
// (cli/options.h) and this one can change independently. Parsing only; bench_engine.h acts on it.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace authreplay::bench {

enum class Scheme { kAnonymous, kBasic, kNtlm, kNegotiate, kKerberos };
// Who decides the legs: libcurl's own handshake (curl), or a scripted browser (bench_leg_plan.h).
enum class BenchProfile { kCurl, kIe11, kChrome };
enum class ConnectionMode { kFresh, kReuse };

struct BenchOptions {
  std::string targetUrl;   // --target
  std::string targetFile;  // --target-file
  std::string
      origin;  // --origin: which of the target file's origins ("" : "default", "tls" for basic)
  Scheme scheme = Scheme::kNtlm;
  BenchProfile profile = BenchProfile::kCurl;
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

const char* toString(Scheme scheme);
const char* toString(BenchProfile profile);
const char* toString(ConnectionMode mode);

// The lab path each scheme is measured on (docs/lab.md "Default layout"): an anonymous static
// file, Basic over TLS, and seed 000's page under Windows authentication for the rest.
std::string defaultPath(Scheme scheme);

}  // namespace authreplay::bench
