#include "scenario/target_file.h"

#include <limits>

#include "json/error_collector.h"
#include "json/source_document.h"
#include "scenario/enum_value.h"
#include "scenario/http_url.h"
#include "text/ascii.h"

namespace authreplay::scenario {

namespace {

using json::ObjectReader;
using json::SourceDocument;

// Every timeout and wait of a target file: at most a day, so that no duration overflows
// std::chrono's arithmetic (a huge "timeoutMs" did, found by UBSan; issue 12).
constexpr std::int64_t kMaxMilliseconds = 24LL * 60 * 60 * 1000;

class TargetParser {
 public:
  TargetParser(const SourceDocument& doc, std::filesystem::path baseDir)
      : doc_(doc), baseDir_(std::move(baseDir)) {}

  // The target, or SourceErrors with every error found: each top-level section is read on after
  // an error in another.
  Target parse() {
    Target target;
    errors_.collect([&] { target = parseAll(); });
    errors_.finish(doc_.file());
    return target;
  }

 private:
  Target parseAll() {
    ObjectReader top(doc_, "", "the target file");
    // Typos first: "orgins" should say "did you mean "origins"?", not "missing "origins"".
    // "$schema" names docs/target.schema.json for editors; it is not read.
    for (const char* key :
         {"$schema", "name", "origins", "pathPrefixes", "proxies", "proxyCredentials", "noProxy",
          "resolve", "cnames", "tls", "credentials", "substatus", "recycle", "timeouts",
          "bodyFilesOutsideScenario"}) {
      top.allow(key);
    }
    const bool keysKnown = errors_.collect([&] { top.rejectUnknownKeys(); });
    Target target;
    target.file = doc_.file();
    auto read = [&](auto&& part) { errors_.collect(part); };
    read([&] { target.name = top.optionalString("name"); });
    if (!top.has("origins")) {
      // After a typo ("orgins") a "missing required key" would only repeat it.
      if (keysKnown)
        throw doc_.errorAt("", "missing required key \"origins\" in the target file");
    } else {
      read([&] {
        target.origins = urlMap(top, "origins", /*requireHttp=*/true);
        if (!target.origins.count("default"))
          throw doc_.errorAt("/origins", "\"origins\" needs a \"default\" origin");
      });
    }
    if (top.has("pathPrefixes"))
      read([&] { target.pathPrefixes = stringMap(top, "pathPrefixes"); });
    if (top.has("proxies"))
      read([&] { target.proxies = urlMap(top, "proxies", /*requireHttp=*/true); });
    if (top.has("proxyCredentials"))
      read([&] { target.proxyCredentials = proxyCredentials(top, target); });
    if (top.has("noProxy"))
      read([&] { target.noProxy = stringArray(top, "noProxy"); });
    if (top.has("resolve"))
      read([&] { target.resolve = resolveEntries(top); });
    if (top.has("cnames"))
      read([&] { target.cnames = canonicalNames(top); });
    if (top.has("tls"))
      read([&] { tls(top.pointerOf("tls"), target); });
    if (top.has("credentials"))
      read([&] { target.credentials = credentials(top.pointerOf("credentials")); });
    if (top.has("substatus"))
      read([&] { target.substatus = substatus(top.pointerOf("substatus")); });
    if (top.has("recycle"))
      read([&] { target.recycle = recycle(top.pointerOf("recycle")); });
    if (top.has("timeouts"))
      read([&] { timeouts(top.pointerOf("timeouts"), target); });
    read([&] {
      target.bodyFilesOutsideScenario = top.optionalBool("bodyFilesOutsideScenario", false);
    });
    return target;
  }

  std::string path(const std::string& value) const {
    if (value.empty())
      return value;
    const std::filesystem::path p(value);
    return p.is_absolute() ? value : (baseDir_ / p).lexically_normal().string();
  }

  const nlohmann::json& object(ObjectReader& parent, std::string_view key) {
    const auto& value = parent.value(key);
    if (!value.is_object()) {
      throw doc_.errorAt(parent.pointerOf(key), "expected an object for \"" + std::string(key) +
                                                    "\", got " + json::typeName(value));
    }
    return value;
  }

  std::map<std::string, std::string> stringMap(ObjectReader& parent, std::string_view key) {
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : object(parent, key).items()) {
      if (!value.is_string()) {
        throw doc_.errorAt(json::childPointer(parent.pointerOf(key), name),
                           "expected a string for \"" + name + "\", got " + json::typeName(value));
      }
      out[name] = value.get<std::string>();
    }
    return out;
  }

  std::map<std::string, std::string> urlMap(ObjectReader& parent, std::string_view key,
                                            bool requireHttp) {
    auto out = stringMap(parent, key);
    for (const auto& [name, url] : out) {
      const auto pointer = json::childPointer(parent.pointerOf(key), name);
      if (url.size() > kMaxUrlBytes) {
        throw doc_.errorAt(pointer, "the URL of \"" + name + "\" is " + std::to_string(url.size()) +
                                        " bytes long, more than the limit of " +
                                        std::to_string(kMaxUrlBytes));
      }
      if (requireHttp && !isHttpUrl(url)) {
        throw doc_.errorAt(pointer, "expected an http:// or https:// URL for \"" + name +
                                        "\", got \"" + url + "\"");
      }
    }
    return out;
  }

  std::vector<std::string> stringArray(ObjectReader& parent, std::string_view key) {
    return stringArrayAt(parent.value(key), parent.pointerOf(key), key);
  }

  // The array of strings VALUE at POINTER, the member KEY of its object.
  std::vector<std::string> stringArrayAt(const nlohmann::json& value, const std::string& pointer,
                                         std::string_view key) {
    if (!value.is_array()) {
      throw doc_.errorAt(pointer, "expected an array of strings for \"" + std::string(key) +
                                      "\", got " + json::typeName(value));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        throw doc_.errorAt(json::childPointer(pointer, i),
                           std::string("expected a string, got ") + json::typeName(value[i]));
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

  // w3cLog.siteId: one site id (W3SVC<N>) or the array of the sites the scenarios reach, each 1 or
  // more.
  std::vector<int> siteIds(const nlohmann::json& value, const std::string& pointer) {
    const auto one = [&](const nlohmann::json& id, const std::string& at) {
      if (!id.is_number_integer() || id.get<std::int64_t>() < 1 ||
          id.get<std::int64_t>() > std::numeric_limits<int>::max()) {
        throw doc_.errorAt(at,
                           "\"siteId\" must be 1 or more (W3SVC<siteId>), or an array of such "
                           "ids; got " +
                               id.dump().substr(0, 40));
      }
      return static_cast<int>(id.get<std::int64_t>());
    };
    if (!value.is_array())
      return {one(value, pointer)};
    if (value.empty())
      throw doc_.errorAt(pointer, "\"siteId\" names no site: give at least one id");
    std::vector<int> out;
    for (std::size_t i = 0; i < value.size(); ++i)
      out.push_back(one(value[i], json::childPointer(pointer, i)));
    return out;
  }

  // {"localhost:8443": "127.0.0.1"} -> "localhost:8443:127.0.0.1", as curl --resolve takes it.
  std::vector<std::string> resolveEntries(ObjectReader& parent) {
    std::vector<std::string> out;
    for (const auto& [hostPort, address] : stringMap(parent, "resolve")) {
      if (!isHostPort(hostPort)) {
        throw doc_.errorAtKey(
            json::childPointer(parent.pointerOf("resolve"), hostPort),
            "expected \"host:port\" as a \"resolve\" key, got \"" + hostPort + "\"");
      }
      out.push_back(hostPort + ":" + address);
    }
    return out;
  }

  // {"alias.example": "web01.example"}: host names without port or scheme, kept lower case (DNS
  // names compare without case, RFC 4343).
  std::map<std::string, std::string> canonicalNames(ObjectReader& parent) {
    std::map<std::string, std::string> out;
    for (const auto& [alias, canonical] : stringMap(parent, "cnames")) {
      const auto pointer = json::childPointer(parent.pointerOf("cnames"), alias);
      if (!isHostName(alias)) {
        throw doc_.errorAtKey(pointer,
                              "expected a host name (no port, no scheme) as a \"cnames\" "
                              "key, got \"" +
                                  alias + "\"");
      }
      if (!isHostName(canonical)) {
        throw doc_.errorAt(
            pointer,
            "expected the canonical host name (no port, no scheme), got \"" + canonical + "\"");
      }
      out[text::toLower(alias)] = text::toLower(canonical);
    }
    return out;
  }

  void tls(const std::string& pointer, Target& target) {
    ObjectReader reader(doc_, pointer, "\"tls\"");
    target.caFile = path(reader.optionalString("caFile"));
    target.insecure = reader.optionalBool("insecure", false);
    reader.rejectUnknownKeys();
  }

  TargetCredentials credentials(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"credentials\"");
    reader.allow("kerberos");
    if (reader.has("password")) {
      throw doc_.errorAtKey(reader.pointerOf("password"),
                            "a password is never written in a target file: use \"passwordFile\" or "
                            "\"passwordEnv\"");
    }
    TargetCredentials out;
    out.user = reader.optionalString("user");
    out.passwordFile = path(reader.optionalString("passwordFile"));
    out.passwordEnv = reader.optionalString("passwordEnv");
    if (reader.has("kerberos")) {
      ObjectReader kerberos(doc_, reader.pointerOf("kerberos"), "\"kerberos\"");
      out.kerberos.principal = kerberos.optionalString("principal");
      out.kerberos.ccache = ccache(kerberos.optionalString("ccache"));
      out.kerberos.config = path(kerberos.optionalString("config"));
      out.kerberos.clientKeytab = path(kerberos.optionalString("clientKeytab"));
      kerberos.rejectUnknownKeys();
    }
    if (reader.has("userAliases"))
      out.userAliases = userAliases(reader);
    reader.allow("kerberos");
    reader.allow("userAliases");
    reader.rejectUnknownKeys();
    return out;
  }

  // {"HARNESS\\alice": ["alice@HARNESS.TEST", "alice"]}: the other names this target's server
  // reports a scenario's user by (docs/non-iis-servers.md).
  UserAliases userAliases(ObjectReader& parent) {
    UserAliases out;
    const auto pointer = parent.pointerOf("userAliases");
    for (const auto& [name, value] : object(parent, "userAliases").items()) {
      const auto entry = json::childPointer(pointer, name);
      if (name.empty())
        throw doc_.errorAtKey(entry, "a user name in \"userAliases\" must not be empty");
      auto aliases = stringArrayAt(value, entry, name);
      for (std::size_t i = 0; i < aliases.size(); ++i) {
        if (aliases[i].empty()) {
          throw doc_.errorAt(json::childPointer(entry, i),
                             "an alias of \"" + name + "\" must not be empty");
        }
      }
      out[name] = std::move(aliases);
    }
    return out;
  }

  // {"authenticating": {"user": "alice", "passwordFile": "secrets/password"}}: what the client
  // answers a proxy's 407 with (Basic). Like the target's own credentials, never a password.
  std::map<std::string, ProxyCredentials> proxyCredentials(ObjectReader& parent,
                                                           const Target& target) {
    std::map<std::string, ProxyCredentials> out;
    for (const auto& [name, value] : object(parent, "proxyCredentials").items()) {
      const auto pointer = json::childPointer(parent.pointerOf("proxyCredentials"), name);
      if (!target.proxies.count(name)) {
        throw doc_.errorAtKey(
            pointer, "\"proxyCredentials\" names \"" + name + "\", which is not in \"proxies\"");
      }
      if (!value.is_object()) {
        throw doc_.errorAt(pointer,
                           "expected an object for \"" + name + "\", got " + json::typeName(value));
      }
      ObjectReader reader(doc_, pointer, "\"" + name + "\"");
      if (reader.has("password")) {
        throw doc_.errorAtKey(reader.pointerOf("password"),
                              "a password is never written in a target file: use "
                              "\"passwordFile\" or \"passwordEnv\"");
      }
      ProxyCredentials credentials;
      credentials.user = reader.requiredString("user");
      credentials.passwordFile = path(reader.optionalString("passwordFile"));
      credentials.passwordEnv = reader.optionalString("passwordEnv");
      reader.rejectUnknownKeys();
      if (credentials.passwordFile.empty() == credentials.passwordEnv.empty()) {
        throw doc_.errorAt(pointer, "\"" + name +
                                        "\" needs exactly one of \"passwordFile\" and "
                                        "\"passwordEnv\"");
      }
      out[name] = std::move(credentials);
    }
    return out;
  }

  // A ccache name may carry a type ("FILE:/tmp/cc", "KEYRING:..."); only plain paths are relative.
  std::string ccache(const std::string& value) const {
    if (value.empty() || value.find(':') != std::string::npos)
      return value;
    return path(value);
  }

  SubstatusSettings substatus(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"substatus\"");
    reader.allow("source");
    SubstatusSettings out;
    if (reader.has("source")) {
      out.source = EnumValue<SubstatusSource>::lookup(doc_, reader.pointerOf("source"), "source",
                                                      reader.optionalString("source"),
                                                      {{"errorPage", SubstatusSource::kErrorPage},
                                                       {"w3cLog", SubstatusSource::kW3cLog},
                                                       {"both", SubstatusSource::kBoth},
                                                       {"none", SubstatusSource::kNone}});
    }
    if (reader.has("w3cLog")) {
      ObjectReader log(doc_, reader.pointerOf("w3cLog"), "\"w3cLog\"");
      out.w3cLog.fetchCommand = log.optionalString("fetchCommand");
      // A log that is fetched needs no folder; one that is read needs one.
      out.w3cLog.directory = out.w3cLog.fetchCommand.empty()
                                 ? path(log.requiredString("directory"))
                                 : path(log.optionalString("directory"));
      out.w3cLog.flushCommand = log.optionalString("flushCommand");
      log.allow("siteId");
      if (log.has("siteId"))
        out.w3cLog.siteIds = siteIds(log.value("siteId"), log.pointerOf("siteId"));
      out.w3cLog.commandTimeout = std::chrono::milliseconds(log.optionalIntegerIn(
          "commandTimeoutMs", out.w3cLog.commandTimeout.count(), 1, kMaxMilliseconds));
      if (log.has("password")) {
        throw doc_.errorAtKey(log.pointerOf("password"),
                              "a password is never written in a target file: use \"passwordFile\" "
                              "or \"passwordEnv\"");
      }
      out.w3cLog.passwordFile = path(log.optionalString("passwordFile"));
      out.w3cLog.passwordEnv = log.optionalString("passwordEnv");
      out.w3cLog.timeout = std::chrono::milliseconds(
          log.optionalIntegerIn("timeoutMs", out.w3cLog.timeout.count(), 0, kMaxMilliseconds));
      out.w3cLog.marker = log.optionalBool("marker", true);
      out.w3cLog.markerParameter =
          log.optionalString("markerParameter", out.w3cLog.markerParameter);
      log.rejectUnknownKeys();
    }
    reader.allow("w3cLog");
    if (reader.has("httpErrLog")) {
      ObjectReader log(doc_, reader.pointerOf("httpErrLog"), "\"httpErrLog\"");
      // A folder that is read, or a command that prints the log, per server: at least one.
      if (log.has("directory") || !log.has("fetchCommand"))
        out.httpErrLog.directories = stringOrList(log, "directory", "folder", true);
      if (log.has("fetchCommand"))
        out.httpErrLog.fetchCommands = stringOrList(log, "fetchCommand", "command", false);
      const auto timeout = log.optionalInteger("timeoutMs", out.httpErrLog.timeout.count());
      if (timeout < 0)
        throw doc_.errorAt(log.pointerOf("timeoutMs"), "\"timeoutMs\" must not be negative");
      out.httpErrLog.timeout = std::chrono::milliseconds(timeout);
      log.rejectUnknownKeys();
    }
    reader.allow("httpErrLog");
    reader.rejectUnknownKeys();
    const bool needsLog =
        out.source == SubstatusSource::kW3cLog || out.source == SubstatusSource::kBoth;
    if (needsLog && out.w3cLog.directory.empty() && out.w3cLog.fetchCommand.empty()) {
      throw doc_.errorAt(reader.pointerOf("source"),
                         "substatus source \"w3cLog\" needs \"w3cLog\": {\"directory\": ...} or "
                         "{\"fetchCommand\": ...}");
    }
    return out;
  }

  // A WHAT ("folder", "command") or a non-empty array of them (one per server); folders (PATHS)
  // are resolved like any path.
  std::vector<std::string> stringOrList(ObjectReader& reader, std::string_view key,
                                        const std::string& what, bool paths) {
    reader.allow(key);
    const std::string pointer = reader.pointerOf(key);
    if (!reader.has(key)) {
      throw doc_.errorAt(reader.pointer(),
                         "\"httpErrLog\" needs \"directory\" (a folder) or "
                         "\"fetchCommand\" (a command printing the log)");
    }
    const auto& value = reader.value(key);
    std::vector<std::string> out;
    if (value.is_string()) {
      out.push_back(value.get<std::string>());
    } else if (value.is_array() && !value.empty()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
          throw doc_.errorAt(json::childPointer(pointer, i),
                             std::string("expected a string, got ") + json::typeName(value[i]));
        }
        out.push_back(value[i].get<std::string>());
      }
    } else {
      throw doc_.errorAt(
          pointer, "expected a " + what + " or a non-empty array of " + what + "s for \"" +
                       std::string(key) + "\", got " +
                       (value.is_array() ? "an empty array" : std::string(json::typeName(value))));
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i].empty()) {
        throw doc_.errorAt(value.is_array() ? json::childPointer(pointer, i) : pointer,
                           "empty " + what);
      }
      if (paths)
        out[i] = path(out[i]);
    }
    return out;
  }

  RecycleSettings recycle(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"recycle\"");
    RecycleSettings out;
    out.url = reader.optionalString("url");
    out.method = reader.optionalString("method", "POST");
    out.command = reader.optionalString("command");
    if (reader.has("sites"))
      out.sites = stringMap(reader, "sites");
    reader.allow("sites");
    reader.rejectUnknownKeys();
    if (out.url.empty() == out.command.empty()) {
      throw doc_.errorAt(pointer, "\"recycle\" needs exactly one of \"url\" and \"command\"");
    }
    return out;
  }

  void timeouts(const std::string& pointer, Target& target) {
    ObjectReader reader(doc_, pointer, "\"timeouts\"");
    target.connectTimeout = std::chrono::milliseconds(
        reader.optionalIntegerIn("connectMs", target.connectTimeout.count(), 1, kMaxMilliseconds));
    target.requestTimeout = std::chrono::milliseconds(
        reader.optionalIntegerIn("requestMs", target.requestTimeout.count(), 1, kMaxMilliseconds));
    reader.rejectUnknownKeys();
  }

  json::ErrorCollector errors_;  // what parse() has found so far
  const SourceDocument& doc_;
  std::filesystem::path baseDir_;
};

}  // namespace

Target parseTargetFile(std::string_view text, const std::string& fileName,
                       const std::filesystem::path& baseDir) {
  const auto doc = SourceDocument::parse(text, fileName);
  return TargetParser(doc, baseDir).parse();
}

Target loadTargetFile(const std::filesystem::path& path) {
  const auto doc = SourceDocument::load(path);
  return TargetParser(doc, path.parent_path()).parse();
}

Target targetFromUrl(const std::string& url) {
  Target target;
  std::string origin = url;
  while (!origin.empty() && origin.back() == '/')
    origin.pop_back();
  target.origins["default"] = origin;
  return target;
}

const char* toString(SubstatusSource source) {
  switch (source) {
    case SubstatusSource::kNone:
      return "none";
    case SubstatusSource::kErrorPage:
      return "errorPage";
    case SubstatusSource::kW3cLog:
      return "w3cLog";
    case SubstatusSource::kBoth:
      return "both";
  }
  return "?";
}

}  // namespace authreplay::scenario
