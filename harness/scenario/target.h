// The target: everything that differs between a staging IIS and the lab, so that scenarios stay
// portable (DESIGN.md "Scenario files"). Read from a target file (target_file.h) or built from
// `--target URL`.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace authreplay::scenario {

struct KerberosSettings {
  std::string principal;     // alice@HARNESS.TEST (informational; the ccache decides)
  std::string ccache;        // KRB5CCNAME for the run
  std::string config;        // KRB5_CONFIG for the run
  std::string clientKeytab;  // KRB5_CLIENT_KTNAME: MIT krb5 gets initial tickets from it itself
};

// A user name as scenarios write it ("HARNESS\\alice") -> the other names this target's server
// reports the same account by ("alice@HARNESS.TEST" after Kerberos on Apache mod_auth_gssapi,
// "alice"); the "user" check accepts any of them (expect/user_name_match.h).
using UserAliases = std::map<std::string, std::vector<std::string>>;

struct TargetCredentials {
  std::string user;          // "HARNESS\\alice" (NTLM, Basic); empty: no user configured
  std::string passwordFile;  // read at run time, never printed
  std::string passwordEnv;   // name of an environment variable holding the password
  KerberosSettings kerberos;
  UserAliases userAliases;
};

enum class SubstatusSource {
  kNone,       // substatus/win32 expectations cannot be checked: an error, not a pass
  kErrorPage,  // the detailed error page body (IIS errorMode Detailed / DetailedLocalOnly)
  kW3cLog,     // the site's W3C log (sc-substatus, sc-win32-status)
  kBoth,       // both, and they must agree
};

struct W3cLogSettings {
  std::string directory;  // u_exYYMMDD.log files (W3SVC<N> subfolders are searched too); may be
                          // empty with a fetchCommand
  std::chrono::milliseconds timeout{10000};  // IIS buffers its log: how long to poll
  // Appends "<markerParameter>=<id>" to each request's query so its log lines are found exactly
  // (IIS logs the query in cs-uri-query). Off: correlate by method, stem and order only.
  bool marker = true;
  std::string markerParameter = "authreplay-leg";
  // A remote IIS: run once after everything is sent, before the log is read (`ssh iis01 netsh http
  // flush logbuffer`: HTTP.sys writes its buffer now instead of within the minute). Placeholders
  // {siteId} and {date} (yymmdd, UTC).
  std::string flushCommand;
  // A remote IIS whose log folder is not mounted: prints the W3C log text ({siteId}, {date}), run
  // at each poll instead of reading `directory`.
  std::string fetchCommand;
  // IIS's site ids, the N of W3SVC<N>, of the sites the scenarios reach: a fetch command runs once
  // for each, a flush command with {siteId} too.
  std::vector<int> siteIds{1};
  std::chrono::milliseconds commandTimeout{60000};
  // A password the commands need (WinRM, sshpass): read at run time, handed to the commands in
  // their environment as AUTHREPLAY_LOG_PASSWORD, never in argv, logs or reports.
  std::string passwordFile;
  std::string passwordEnv;
};

// HTTP.sys's error log (HTTPERR, IIS-FACTS.md §10): where the runner reads why HTTP.sys answered
// a leg itself (the httpErrReason expectation). Independent of `source`: an IIS read through its
// error pages can still have its HTTPERR folder shared.
struct HttpErrLogSettings {
  // HTTPERR folders (httperr*.log, an HTTPERR subfolder is searched too), one per server behind
  // the target's origins.
  std::vector<std::string> directories;
  // For servers whose folder is not mounted: commands that print one server's HTTPERR log each
  // (`ssh iis01 type C:\Windows\System32\LogFiles\HTTPERR\httperr*.log`), run at each poll with
  // w3cLog's commandTimeoutMs and password.
  std::vector<std::string> fetchCommands;
  std::chrono::milliseconds timeout{10000};
  bool enabled() const { return !directories.empty() || !fetchCommands.empty(); }
};

struct SubstatusSettings {
  SubstatusSource source = SubstatusSource::kErrorPage;
  W3cLogSettings w3cLog;
  HttpErrLogSettings httpErrLog;
};

struct RecycleSettings {
  std::string url;  // with {site} and {app}, e.g. http://127.0.0.1:P/recycle?site={site}&app={app}
  std::string method = "POST";
  std::string command;  // alternative: a shell command with {site} and {app}
  // origin name -> IIS site name used for {site}; default "Default Web Site".
  std::map<std::string, std::string> sites;
};

// Credentials a forward proxy asks for with 407 (Basic). The password is read at run time.
struct ProxyCredentials {
  std::string user;
  std::string passwordFile;
  std::string passwordEnv;
};

struct Target {
  std::string name;
  std::map<std::string, std::string> origins;       // "default" -> "http://localhost:8080"
  std::map<std::string, std::string> pathPrefixes;  // "/ActiveXTest/" -> "/staging/ActiveXTest/"
  std::map<std::string, std::string> proxies;       // "pinned" -> "http://127.0.0.1:3128"
  std::map<std::string, ProxyCredentials> proxyCredentials;  // proxy name -> its credentials
  // Hosts that bypass any proxy, IE style: "host", "*.suffix", "<local>" (browser/proxy_bypass.h).
  std::vector<std::string> noProxy;
  std::vector<std::string> resolve;  // curl --resolve "host:port:address"
  // Names that are CNAMEs in the client's DNS, lower case: "alias.example" -> "web01.example", the
  // name the chain ends at (what getaddrinfo's AI_CANONNAME gives). Browsers that canonicalize
  // build the Kerberos SPN from it; libcurl does not.
  std::map<std::string, std::string> cnames;
  std::string caFile;
  bool insecure = false;  // TLS verification off: only when asked for
  TargetCredentials credentials;
  SubstatusSettings substatus;
  std::optional<RecycleSettings> recycle;
  std::chrono::milliseconds connectTimeout{3000};
  std::chrono::milliseconds requestTimeout{30000};
  // A scenario's "bodyFile" must lie inside the scenario's folder (symbolic links resolved) unless
  // the target allows files anywhere: a scenario from elsewhere could otherwise post any file this
  // user can read to the target (issue 12).
  bool bodyFilesOutsideScenario = false;
  std::string file;  // where it was read from; empty for --target URL
};

// A target from `--target URL`: origins.default = URL, substatus from the error page.
Target targetFromUrl(const std::string& url);

const char* toString(SubstatusSource source);

}  // namespace authreplay::scenario
