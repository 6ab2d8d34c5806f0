// The scenario model: what a browser does (client, steps) and what the server must answer. Loaded
// by scenario_loader.h; knows nothing of libcurl (DESIGN.md layers).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "auth/scheme.h"
#include "scenario/expectation.h"
#include "scenario/source_ref.h"

namespace authreplay::scenario {

// Which credentials the client holds.
enum class Credentials {
  kTarget,         // the target's user and password (or Kerberos ccache)
  kNone,           // none: the client can only be anonymous
  kWrongPassword,  // the target's user with a password that is certainly wrong
};

// How a step's first leg gets its connection.
enum class ConnectionPolicy {
  kReuse,  // reuse an open connection to the origin when there is one (browsers do)
  kFresh,  // open a new connection for the step
  kClose,  // close the connection after the step (CURLOPT_FORBID_REUSE): the next step reconnects
};

// How a client uses HTTP/2 on https origins (the client switch "http2").
enum class Http2Use {
  kOff,       // false: HTTP/1.1 only
  kFallback,  // true: h2 by ALPN, HTTP/1.1 when the server asks for it (HTTP_1_1_REQUIRED)
  kExact,     // "exact": HTTP/2 only, never HTTP/1.1 (.NET's RequestVersionExact)
};

// The client: a browser profile (browser/) and its switches. Unknown switches are load errors, not
// silently ignored. Every switch left unset takes the profile's default (docs/scenario-format.md
// "client"; browser/browser_switches.h holds the defaults and the sources they come from).
struct Client {
  std::string browser = "curl";  // "curl", "anonymous", "basic", "ie11", "edge", "chrome", "dotnet"
  // "curl": the schemes libcurl may use, e.g. ["NTLM"]. Scripted profiles: the schemes the browser
  // answers, in its order of preference (ie11: Negotiate, NTLM, Basic).
  std::vector<auth::Scheme> schemes;
  // For "curl": whether the first request already carries credentials. Unset: libcurl's own
  // choice (it pre-authenticates when exactly one scheme is allowed, IIS-FACTS.md §8).
  std::optional<bool> preAuth;
  Credentials credentials = Credentials::kTarget;
  std::optional<std::string> proxy;  // a proxy name of the target ("pinned", "unpinned")
  // The browser's proxy exclusions, IE style: "host", "*.suffix", "<local>" (host names without a
  // dot), and "{origin}" for the host of one of the target's origins ("{default}"), which keeps
  // the scenario portable (seed 002's fix: the site's FQDN in the exclusion list).
  std::vector<std::string> proxyBypass;
  // HTTP/2 on https origins; unset: the profile's default (docs/scenario-format.md "http2").
  std::optional<Http2Use> http2;

  // Scripted profiles (ie11, chrome, dotnet).
  std::optional<bool> ntlmPreAuth;  // NTLM pre-authentication in a challenged protection space
  std::optional<bool>
      emptyPost;  // POST with Content-Length: 0 and a Type 1 when a challenge is due
  std::optional<bool> reconnectAfter401;  // close the anonymous request's connection (seed 000 b)
  std::optional<bool> expectContinue;     // POST/PUT with Expect: 100-continue (.NET)
  std::optional<bool> kerberos;           // false: no ticket, so Negotiate falls back to NTLM
  std::optional<bool> spnIncludesPort;    // HTTP/host:port instead of HTTP/host
  // The Kerberos SPN from the canonical name of a CNAME (the target's "cnames"), not the URL's
  // host.
  std::optional<bool> cnameLookup;
  // Over TLS, the tokens carry the connection's channel binding (RFC 5929 tls-server-end-point):
  // NTLM's MsvAvChannelBindings, Kerberos's authenticator checksum (Extended Protection).
  std::optional<bool> channelBinding;
  // false: the client refuses NTLM (Windows with outgoing NTLM denied, libcurl 8.22+ inside
  // SPNEGO): no NTLM scheme, no NTLM inside Negotiate.
  std::optional<bool> ntlm;
  SourceRef where;
};

struct Request {
  std::string origin = "default";  // a name in the target's "origins"
  std::string method = "GET";
  std::string path;  // absolute path with optional query, before the target's prefix map
  std::vector<std::pair<std::string, std::string>> headers;  // in file order
  std::optional<std::string> body;  // "body", or the contents of "bodyFile"
  // Set when "bodyFile" resolves outside the scenario's folder (its position, naming the file):
  // only a target with "bodyFilesOutsideScenario": true sends it (target_compatibility.h).
  std::optional<SourceRef> bodyFileOutsideScenario;
  std::string bodyFilePath;  // the resolved "bodyFile", for that error
  ConnectionPolicy connection = ConnectionPolicy::kReuse;
  SourceRef where;
};

struct RequestStep {
  Request request;
  StepExpectations expect;
};

// Recycles an application (resets its "first request" state: KB 2749007) through the target's
// recycle URL or command.
struct RecycleStep {
  std::string origin = "default";
  std::string app;  // "/ActiveXTest/"
};

struct Step {
  std::string name;  // optional; the report shows "step N" otherwise
  std::variant<RequestStep, RecycleStep> action;
  SourceRef where;
};

// What a scenario needs of its target beyond what its steps show (its "requires"): most needs
// are derived from what it uses (scenario_requirements.h); these are stated.
struct Need {
  enum class Kind {
    kOrigin,      // NAME in the target's origins
    kProxy,       // NAME in the target's proxies
    kKerberos,    // Kerberos credentials (credentials.kerberos: a ccache or client keytab)
    kTls,         // every origin the scenario's requests use is https
    kRecycle,     // the target can recycle an application pool ("recycle")
    kW3cLog,      // the substatus comes from the W3C log (substatus.source w3cLog or both)
    kHttpErrLog,  // HTTP.sys's HTTPERR log is read (substatus.httpErrLog)
  };
  Kind kind = Kind::kOrigin;
  std::string name;  // kOrigin, kProxy
  SourceRef where;
};

struct Scenario {
  std::string id;
  std::string title;
  std::string source;  // seed file or article the behaviour comes from
  std::string description;
  std::vector<std::string> tags;
  Client client;
  std::vector<Step> steps;
  std::vector<Need> needs;  // stated in the file (docs/scenario-format.md "requires")
  std::string file;         // as given on the command line (relative paths stay relative)
  SourceRef where;          // the id's position
};

const char* toString(Credentials credentials);

}  // namespace authreplay::scenario
