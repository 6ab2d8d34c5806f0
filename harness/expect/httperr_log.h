// HTTP.sys's own error log, HTTPERR (IIS-FACTS.md §10; Microsoft KB 820729 "Error logging in HTTP
// APIs"): what HTTP.sys answered itself (400 Request Header Too Long, Hostname, 505, ...), the
// connections it timed out and the requests clients abandoned, none of which reach the W3C log.
// Parsing httperrN.log text, and finding the line of a leg HTTP.sys answered.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expect/log_source.h"
#include "expect/parsed_log.h"

namespace authreplay::expect {

struct HttpErrEntry {
  std::string date;  // "2026-12-02" (UTC)
  std::string time;  // "17:46:44" (UTC)
  std::string clientIp;
  std::optional<int> clientPort;  // c-port: the client's TCP port, as its socket had it
  std::string serverIp;
  std::optional<int> serverPort;
  std::string version;  // cs-version, "" for '-'
  std::string method;   // cs-method, "" for '-'
  std::string uri;      // cs-uri: path and query as received, "" for '-'
  std::optional<int> status;
  std::optional<std::int64_t> siteId;
  std::string reason;     // s-reason: "FieldLength", "Timer_ConnectionIdle", ...
  std::string queueName;  // s-queuename (the application pool), "" for '-'
};

// The columns HTTP.sys 2.0 writes (Windows Server 2008 to 2012 R2; later versions add streamid and
// more, and say so in "#Fields:"): used until a file's "#Fields:" directive says otherwise, since
// Microsoft documents the file as carrying no column names.
const std::vector<std::string>& defaultHttpErrFields();

// Parses whole lines of httperrN.log text; FIELDS carries the "#Fields:" directive in force
// (start it empty: the default list applies).
std::vector<HttpErrEntry> parseHttpErrLog(std::string_view text, std::vector<std::string>& fields);

// One server's HTTPERR log as HTTP.sys appends to it.
class HttpErrLogReader : public ParsedLog<HttpErrEntry> {
 public:
  // The httperr*.log files of DIRECTORY and of its HTTPERR subfolder (so either the HTTPERR
  // folder or the LogFiles folder above it will do).
  explicit HttpErrLogReader(std::filesystem::path directory);
  explicit HttpErrLogReader(std::unique_ptr<LogSource> source);
};

// What identifies a leg's HTTPERR line.
struct HttpErrLegKey {
  std::string markerParameter;  // "authreplay-leg"; "" when the run adds no marker
  std::string marker;           // the value the leg's URL carried
  int clientPort = 0;           // the local port of the leg's connection
  int serverPort = 0;           // the port it connected to
  bool viaProxy = false;        // through a forward proxy: HTTP.sys saw the proxy's port, not ours
  std::string stem;             // the request path, for a run without markers
};

// The index of the first entry in ENTRIES[FROM..] not marked in TAKEN that is the leg's line:
//   - its cs-uri carries the leg's marker and its c-port is the leg's local port (any c-port for
//     a leg through a proxy);
//   - else, where HTTP.sys logged no URI (it could not parse one, or a connection timer), or the
//     run has no markers: its c-port and s-port are the leg's connection's (never via a proxy),
//     and without markers its cs-uri path is the leg's, when it logged one.
// TAKEN has ENTRIES' size.
std::optional<std::size_t> findHttpErrLine(const std::vector<HttpErrEntry>& entries,
                                           std::size_t from, const std::vector<bool>& taken,
                                           const HttpErrLegKey& leg);

}  // namespace authreplay::expect
