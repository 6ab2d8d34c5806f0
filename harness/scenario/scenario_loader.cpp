#include "scenario/scenario_loader.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "auth/scheme.h"
#include "json/error_collector.h"
#include "json/source_document.h"
#include "scenario/authorization_pattern.h"
#include "scenario/enum_value.h"
#include "scenario/httperr_reasons.h"
#include "scenario/source_lines.h"
#include "text/linear_regex.h"
#include "text/regular_file.h"

namespace authreplay::scenario {

namespace {

using json::ObjectReader;
using json::SourceDocument;

const std::vector<std::string> kSchemes = {std::string(auth::schemeName(auth::Scheme::kBasic)),
                                           std::string(auth::schemeName(auth::Scheme::kNtlm)),
                                           std::string(auth::schemeName(auth::Scheme::kNegotiate))};
const std::vector<std::string> kMethods = {"GET",  "POST",    "PUT",  "DELETE",
                                           "HEAD", "OPTIONS", "PATCH"};

// Ids name report entries, JUnit test cases and baseline entries; none needs to be longer.
constexpr std::size_t kMaxIdBytes = 200;
// A step lists its legs; no handshake needs more (issue 12: "legCount" was narrowed to int).
constexpr std::int64_t kMaxLegCount = 1000;

bool isAsciiAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isIdChar(char c) {
  return isAsciiAlnum(c) || c == '.' || c == '_' || c == '-';
}

// [A-Za-z0-9][A-Za-z0-9._-]*, by hand: a character class needs no regular expression (and
// std::regex overflowed the stack on a 40 KB id, issue 12).
bool isValidId(std::string_view id) {
  return !id.empty() && isAsciiAlnum(id.front()) && std::all_of(id.begin(), id.end(), isIdChar);
}

// Whether PATH (resolved: symbolic links followed) lies inside FOLDER.
bool isInside(const std::filesystem::path& path, const std::filesystem::path& folder) {
  std::error_code ec;
  const auto resolved = std::filesystem::weakly_canonical(path, ec);
  if (ec)
    return false;
  const auto base = std::filesystem::weakly_canonical(folder.empty() ? "." : folder, ec);
  if (ec)
    return false;
  const auto relative = resolved.lexically_relative(base);
  return !relative.empty() && *relative.begin() != "..";
}

class ScenarioParser {
 public:
  ScenarioParser(const SourceDocument& doc, std::filesystem::path baseDir,
                 const ClientCatalogue& browsers)
      : doc_(doc), lines_(doc), baseDir_(std::move(baseDir)), browsers_(browsers) {}

  // The scenario, or SourceErrors with every error found (the top level, the client, each step's
  // request and expectations and each leg are read on after an error in another of them).
  Scenario parse() {
    Scenario scenario;
    collect([&] { scenario = parseAll(); });
    errors_.finish(doc_.file());
    return scenario;
  }

 private:
  template <typename F>
  bool collect(F&& read) {
    return errors_.collect(std::forward<F>(read));
  }

  Scenario parseAll() {
    ObjectReader top(doc_, "", "the scenario");
    // Typos first: "idd" should say "did you mean "id"?", not "missing required key "id"".
    // "$schema" names the JSON Schema (docs/scenario.schema.json) for editors; it is not read.
    const bool keysKnown = collect([&] {
      knownKeys(top, {"$schema", "id", "title", "source", "description", "tags", "requires",
                      "client", "steps"});
    });
    Scenario scenario;
    scenario.file = doc_.file();
    // After a typo ("idd") a "missing required key" would only repeat it.
    if (keysKnown)
      collect([&] { readIdentity(top, scenario); });
    if (top.has("client")) {
      collect([&] { scenario.client = client(top.pointerOf("client")); });
    } else {
      scenario.client.where = lines_.valueRef("");
    }
    if (!top.has("steps")) {
      if (keysKnown)
        throw doc_.errorAt("", "missing required key \"steps\" in the scenario");
      return scenario;  // the unknown key may be "steps" misspelt
    }
    scenario.steps = steps("/steps");
    return scenario;
  }

  // The top level's own members: id, title, source, description, tags, $schema.
  void readIdentity(ObjectReader& top, Scenario& scenario) {
    if (top.has("$schema") && !top.value("$schema").is_string()) {
      throw doc_.errorAt(top.pointerOf("$schema"),
                         std::string("expected a string (the schema's URI or path) for "
                                     "\"$schema\", got ") +
                             json::typeName(top.value("$schema")));
    }
    scenario.id = top.requiredString("id");
    scenario.where = lines_.valueRef("/id");
    if (scenario.id.size() > kMaxIdBytes) {
      throw doc_.errorAt("/id", "the id is " + std::to_string(scenario.id.size()) +
                                    " bytes long, more than the limit of " +
                                    std::to_string(kMaxIdBytes));
    }
    if (!isValidId(scenario.id)) {
      throw doc_.errorAt(
          "/id", "invalid id \"" + scenario.id + "\": use letters, digits, '.', '_' and '-'");
    }
    scenario.title = top.requiredString("title");
    scenario.source = top.optionalString("source");
    scenario.description = top.optionalString("description");
    if (top.has("tags"))
      scenario.tags = stringArray(top, "tags", "tags");
    if (top.has("requires"))
      scenario.needs = needs(top);
  }

  // "requires": ["kerberos", "tls", "recycle", "w3cLog", "httpErrLog", "origin:NAME",
  // "proxy:NAME"].
  std::vector<Need> needs(ObjectReader& top) {
    const auto names = stringArray(top, "requires", "requires");
    std::vector<Need> out;
    const std::vector<std::pair<std::string, Need::Kind>> kinds = {
        {"kerberos", Need::Kind::kKerberos},
        {"tls", Need::Kind::kTls},
        {"recycle", Need::Kind::kRecycle},
        {"w3cLog", Need::Kind::kW3cLog},
        {"httpErrLog", Need::Kind::kHttpErrLog}};
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto pointer = json::childPointer(top.pointerOf("requires"), i);
      Need need;
      need.where = lines_.valueRef(pointer);
      const auto& name = names[i];
      const auto colon = name.find(':');
      const auto prefix = name.substr(0, colon);
      if (colon != std::string::npos && (prefix == "origin" || prefix == "proxy")) {
        need.kind = prefix == "origin" ? Need::Kind::kOrigin : Need::Kind::kProxy;
        need.name = name.substr(colon + 1);
        if (need.name.empty()) {
          throw doc_.errorAt(
              pointer, "\"" + name + "\" names no " + prefix + ": write \"" + prefix + ":NAME\"");
        }
      } else {
        need.kind = enumValue<Need::Kind>(pointer, "requires", name, kinds);
      }
      out.push_back(std::move(need));
    }
    return out;
  }

  // Rejects unknown keys before anything is read, so a misspelt required key is reported as the
  // typo it is.
  static void knownKeys(ObjectReader& reader, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
      reader.allow(key);
    reader.rejectUnknownKeys();
  }

  std::vector<std::string> stringArray(ObjectReader& reader, std::string_view key,
                                       const std::string& what) {
    const auto pointer = reader.pointerOf(key);
    const auto& value = reader.value(key);
    reader.allow(key);
    if (!value.is_array()) {
      throw doc_.errorAt(pointer, "expected an array of strings for \"" + what + "\", got " +
                                      json::typeName(value));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        throw doc_.errorAt(
            json::childPointer(pointer, i),
            "expected a string in \"" + what + "\", got " + json::typeName(value[i]));
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

  Client client(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"client\"");
    knownKeys(reader,
              {"browser", "schemes", "preAuth", "credentials", "proxy", "proxyBypass",
               "ntlmPreAuth", "emptyPost", "reconnectAfter401", "expectContinue", "kerberos",
               "spnIncludesPort", "cnameLookup", "channelBinding", "ntlm", "http2"});
    Client client;
    client.where = lines_.valueRef(pointer);
    if (reader.has("browser")) {
      client.browser = reader.optionalString("browser");
      requireOneOf(reader.pointerOf("browser"), "browser", client.browser, browsers_.names());
    }
    const auto traits = browsers_.traits(client.browser).value_or(BrowserTraits{});
    if (reader.has("schemes")) {
      const auto names = stringArray(reader, "schemes", "schemes");
      for (std::size_t i = 0; i < names.size(); ++i) {
        requireOneOf(json::childPointer(reader.pointerOf("schemes"), i), "schemes", names[i],
                     kSchemes);
        client.schemes.push_back(*auth::parseScheme(names[i]));
      }
      if (client.schemes.empty()) {
        throw doc_.errorAt(reader.pointerOf("schemes"),
                           "\"schemes\" is empty: leave it out, or give at least one of Basic, "
                           "NTLM, Negotiate");
      }
    }
    if (reader.has("credentials")) {
      const auto value = reader.optionalString("credentials");
      client.credentials =
          enumValue<Credentials>(reader.pointerOf("credentials"), "credentials", value,
                                 {{"target", Credentials::kTarget},
                                  {"none", Credentials::kNone},
                                  {"wrongPassword", Credentials::kWrongPassword}});
    }
    if (reader.has("preAuth"))
      client.preAuth = reader.optionalBool("preAuth", false);
    if (reader.has("proxy"))
      client.proxy = reader.optionalString("proxy");
    if (reader.has("proxyBypass")) {
      client.proxyBypass = stringArray(reader, "proxyBypass", "proxyBypass");
      for (std::size_t i = 0; i < client.proxyBypass.size(); ++i) {
        if (client.proxyBypass[i].empty()) {
          throw doc_.errorAt(json::childPointer(reader.pointerOf("proxyBypass"), i),
                             "an empty \"proxyBypass\" entry matches nothing: give a host name, "
                             "*.suffix, <local> or {origin}");
        }
      }
    }
    if (reader.has("http2"))
      client.http2 = http2Use(reader, client.browser);
    const bool scripted = traits.scripted;
    for (const auto& [key, field] : {std::pair{"ntlmPreAuth", &Client::ntlmPreAuth},
                                     {"emptyPost", &Client::emptyPost},
                                     {"reconnectAfter401", &Client::reconnectAfter401},
                                     {"expectContinue", &Client::expectContinue},
                                     {"kerberos", &Client::kerberos},
                                     {"spnIncludesPort", &Client::spnIncludesPort},
                                     {"cnameLookup", &Client::cnameLookup},
                                     {"channelBinding", &Client::channelBinding},
                                     {"ntlm", &Client::ntlm}}) {
      if (!reader.has(key))
        continue;
      client.*field = reader.optionalBool(key, false);
      if (!scripted) {
        throw doc_.errorAtKey(reader.pointerOf(key),
                              std::string("\"") + key + "\" applies to the scripted browsers " +
                                  scriptedNames() + " (this client is \"" + client.browser + "\")");
      }
    }
    reader.rejectUnknownKeys();
    if (!traits.takesSchemes && !client.schemes.empty()) {
      throw doc_.errorAtKey(reader.pointerOf("schemes"),
                            "\"schemes\" applies to the \"curl\" browser and the scripted ones "
                            "(this client is \"" +
                                client.browser + "\")");
    }
    if (!traits.takesPreAuth && client.preAuth) {
      throw doc_.errorAtKey(reader.pointerOf("preAuth"),
                            "\"preAuth\" applies to the \"curl\" browser only (this client is \"" +
                                client.browser + "\")");
    }
    if (client.preAuth == true && client.schemes.size() != 1) {
      throw doc_.errorAtKey(reader.pointerOf("preAuth"),
                            "\"preAuth\": true needs exactly one scheme: libcurl sends credentials "
                            "before a challenge only when it has no choice to make");
    }
    return client;
  }

  std::string scriptedNames() const {
    std::string out;
    for (const auto& name : browsers_.names()) {
      if (browsers_.traits(name).value_or(BrowserTraits{}).scripted)
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
  }

  std::vector<Step> steps(const std::string& pointer) {
    const auto& value = doc_.root().at("steps");
    if (!value.is_array()) {
      throw doc_.errorAt(
          pointer, std::string("expected an array for \"steps\", got ") + json::typeName(value));
    }
    if (value.empty())
      throw doc_.errorAt(pointer, "\"steps\" is empty: a scenario needs a step");
    std::vector<Step> out(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
      collect([&] { out[i] = step(json::childPointer(pointer, i)); });
    return out;
  }

  Step step(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "a step");
    knownKeys(reader, {"name", "request", "recycle", "expect"});
    Step step;
    step.where = lines_.valueRef(pointer);
    step.name = reader.optionalString("name");
    const bool isRequest = reader.has("request");
    const bool isRecycle = reader.has("recycle");
    if (isRequest == isRecycle) {
      reader.allow("request");
      reader.allow("recycle");
      reader.allow("expect");
      reader.rejectUnknownKeys();
      throw doc_.errorAt(pointer, isRequest
                                      ? "a step has either \"request\" or \"recycle\", not both"
                                      : "a step needs \"request\" (or \"recycle\")");
    }
    if (isRecycle) {
      if (reader.has("expect")) {
        throw doc_.errorAtKey(reader.pointerOf("expect"),
                              "a \"recycle\" step has no \"expect\": it sends nothing to check");
      }
      step.action = recycle(reader.pointerOf("recycle"));
      reader.allow("recycle");
      reader.rejectUnknownKeys();
      return step;
    }
    RequestStep requestStep;
    reader.allow("request");
    reader.allow("expect");
    reader.rejectUnknownKeys();
    collect([&] { requestStep.request = request(reader.pointerOf("request")); });
    if (reader.has("expect"))
      collect([&] { requestStep.expect = stepExpectations(reader.pointerOf("expect")); });
    step.action = std::move(requestStep);
    return step;
  }

  RecycleStep recycle(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"recycle\"");
    knownKeys(reader, {"origin", "app"});
    RecycleStep recycle;
    recycle.origin = reader.optionalString("origin", "default");
    recycle.app = reader.requiredString("app");
    reader.rejectUnknownKeys();
    if (recycle.app.empty() || recycle.app.front() != '/') {
      throw doc_.errorAt(reader.pointerOf("app"), "\"app\" must be a path starting with '/'");
    }
    return recycle;
  }

  Request request(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"request\"");
    knownKeys(reader, {"origin", "method", "path", "headers", "body", "bodyFile", "connection"});
    Request request;
    request.where = lines_.valueRef(pointer);
    request.origin = reader.optionalString("origin", "default");
    request.method = reader.optionalString("method", "GET");
    requireOneOf(reader.pointerOf("method"), "method", request.method, kMethods);
    request.path = reader.requiredString("path");
    if (request.path.empty() || request.path.front() != '/') {
      throw doc_.errorAt(reader.pointerOf("path"), "\"path\" must start with '/'");
    }
    if (reader.has("headers"))
      request.headers = headers(reader.pointerOf("headers"));
    reader.allow("headers");
    if (reader.has("body") && reader.has("bodyFile")) {
      throw doc_.errorAtKey(reader.pointerOf("bodyFile"),
                            "give \"body\" or \"bodyFile\", not both");
    }
    if (reader.has("body"))
      request.body = reader.optionalString("body");
    if (reader.has("bodyFile")) {
      const auto name = reader.optionalString("bodyFile");
      const auto pointer = reader.pointerOf("bodyFile");
      const auto path = (baseDir_ / name).lexically_normal();
      request.body = readBodyFile(pointer, path);
      request.bodyFilePath = path.string();
      if (!isInside(path, baseDir_))
        request.bodyFileOutsideScenario = lines_.valueRef(pointer);
    }
    if (reader.has("connection")) {
      const auto value = reader.optionalString("connection");
      request.connection =
          enumValue<ConnectionPolicy>(reader.pointerOf("connection"), "connection", value,
                                      {{"reuse", ConnectionPolicy::kReuse},
                                       {"fresh", ConnectionPolicy::kFresh},
                                       {"close", ConnectionPolicy::kClose}});
    }
    reader.rejectUnknownKeys();
    return request;
  }

  std::string readBodyFile(const std::string& pointer, const std::filesystem::path& path) {
    std::string error;
    auto content = text::readRegularFile(path, kMaxBodyFileBytes, error);
    if (!content)
      throw doc_.errorAt(pointer, "cannot use body file \"" + path.string() + "\": " + error);
    return std::move(*content);
  }

  std::vector<std::pair<std::string, std::string>> headers(const std::string& pointer) {
    const auto& value = doc_.root().at(nlohmann::json::json_pointer(pointer));
    if (!value.is_object()) {
      throw doc_.errorAt(
          pointer, std::string("expected an object for \"headers\", got ") + json::typeName(value));
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, headerValue] : value.items()) {
      const auto child = json::childPointer(pointer, name);
      if (!headerValue.is_string()) {
        throw doc_.errorAt(child, "expected a string for header \"" + name + "\", got " +
                                      json::typeName(headerValue));
      }
      out.emplace_back(name, headerValue.get<std::string>());
    }
    // nlohmann's object is ordered by key; send headers in file order, as the author wrote them.
    std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
      const auto pa = doc_.keyPosition(json::childPointer(pointer, a.first));
      const auto pb = doc_.keyPosition(json::childPointer(pointer, b.first));
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    return out;
  }

  StepExpectations stepExpectations(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"expect\"");
    knownKeys(reader,
              {"legs", "legCount", "user", "scheme", "via", "status", "substatus", "win32Status",
               "offers", "headers", "body", "httpErrReason", "httpVersion", "streamReset"});
    StepExpectations expect;
    readResponseExpectations(reader, expect.final);
    if (reader.has("legs"))
      expect.legs = legs(reader.pointerOf("legs"));
    reader.allow("legs");
    if (reader.has("legCount")) {
      expect.legCount =
          Expected<int>{static_cast<int>(reader.optionalIntegerIn("legCount", 0, 1, kMaxLegCount)),
                        lines_.valueRef(reader.pointerOf("legCount"))};
    }
    if (reader.has("user")) {
      expect.user = Expected<std::string>{reader.optionalString("user"),
                                          lines_.valueRef(reader.pointerOf("user"))};
    }
    if (reader.has("scheme")) {
      const auto value = reader.optionalString("scheme");
      requireAuthorizationPattern(reader.pointerOf("scheme"), "scheme", value);
      expect.scheme = Expected<std::string>{value, lines_.valueRef(reader.pointerOf("scheme"))};
    }
    if (reader.has("via"))
      expect.via = route(reader);
    reader.rejectUnknownKeys();
    if (expect.legs && expect.legCount &&
        expect.legCount->value != static_cast<int>(expect.legs->value.size())) {
      throw doc_.errorAt(reader.pointerOf("legCount"),
                         "\"legCount\" is " + std::to_string(expect.legCount->value) +
                             " but \"legs\" lists " + std::to_string(expect.legs->value.size()));
    }
    return expect;
  }

  Expected<std::vector<LegExpectation>> legs(const std::string& pointer) {
    const auto& value = doc_.root().at(nlohmann::json::json_pointer(pointer));
    if (!value.is_array()) {
      throw doc_.errorAt(
          pointer, std::string("expected an array for \"legs\", got ") + json::typeName(value));
    }
    if (value.empty())
      throw doc_.errorAt(pointer, "\"legs\" is empty: list at least one leg");
    Expected<std::vector<LegExpectation>> out;
    out.where = lines_.valueRef(pointer);
    out.value.resize(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
      collect([&] { out.value[i] = leg(json::childPointer(pointer, i)); });
    return out;
  }

  LegExpectation leg(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "a leg");
    knownKeys(reader, {"sent", "proxySent", "contentLength", "connection", "via", "status",
                       "substatus", "win32Status", "offers", "headers", "body", "httpErrReason",
                       "httpVersion", "streamReset"});
    LegExpectation leg;
    leg.where = lines_.valueRef(pointer);
    if (reader.has("sent")) {
      const auto value = reader.optionalString("sent");
      requireAuthorizationPattern(reader.pointerOf("sent"), "sent", value);
      leg.sent = Expected<std::string>{value, lines_.valueRef(reader.pointerOf("sent"))};
    }
    if (reader.has("proxySent")) {
      const auto value = reader.optionalString("proxySent");
      requireAuthorizationPattern(reader.pointerOf("proxySent"), "proxySent", value);
      leg.proxySent = Expected<std::string>{value, lines_.valueRef(reader.pointerOf("proxySent"))};
    }
    if (reader.has("via"))
      leg.via = route(reader);
    if (reader.has("contentLength")) {
      const auto value = reader.optionalInteger("contentLength", 0);
      if (value < 0)
        throw doc_.errorAt(reader.pointerOf("contentLength"),
                           "\"contentLength\" must not be negative");
      leg.contentLength =
          Expected<std::int64_t>{value, lines_.valueRef(reader.pointerOf("contentLength"))};
    }
    if (reader.has("connection")) {
      const auto value = reader.optionalString("connection");
      leg.connection = Expected<ConnectionExpectation>{
          enumValue<ConnectionExpectation>(reader.pointerOf("connection"), "connection", value,
                                           {{"new", ConnectionExpectation::kNew},
                                            {"same", ConnectionExpectation::kSame},
                                            {"reused", ConnectionExpectation::kReused}}),
          lines_.valueRef(reader.pointerOf("connection"))};
    }
    readResponseExpectations(reader, leg.response);
    reader.rejectUnknownKeys();
    return leg;
  }

  // "win32Status": a number as IIS logs sc-win32-status (2148074254), or the hexadecimal string
  // operators read in error pages and winerror.h ("0x8009030E").
  std::uint32_t win32Status(ObjectReader& reader) {
    const auto pointer = reader.pointerOf("win32Status");
    const auto& value = reader.value("win32Status");
    constexpr const char* kRange =
        "\"win32Status\" must be 0-4294967295 (as IIS logs sc-win32-status) "
        "or a hexadecimal string \"0x0\"-\"0xFFFFFFFF\"";
    if (value.is_string()) {
      const auto text = value.get<std::string>();
      std::uint64_t number = 0;
      const bool hex = text.size() > 2 && text.size() <= 10 && text[0] == '0' &&
                       (text[1] == 'x' || text[1] == 'X');
      const auto* end = text.data() + text.size();
      const auto [ptr, ec] =
          hex ? std::from_chars(text.data() + 2, end, number, 16) : std::from_chars_result{};
      if (!hex || ec != std::errc() || ptr != end)
        throw doc_.errorAt(pointer, std::string(kRange) + ", got \"" + text.substr(0, 40) + "\"");
      return static_cast<std::uint32_t>(number);
    }
    const auto number = reader.optionalInteger("win32Status", 0);
    if (number < 0 || number > 0xFFFFFFFFLL)
      throw doc_.errorAt(pointer, kRange);
    return static_cast<std::uint32_t>(number);
  }

  // "http2": true | false | "exact"; "exact" is .NET's HttpVersionPolicy.RequestVersionExact, which
  // no browser has.
  Http2Use http2Use(ObjectReader& reader, const std::string& browser) {
    const auto pointer = reader.pointerOf("http2");
    const auto& value = reader.value("http2");
    if (value.is_boolean())
      return value.get<bool>() ? Http2Use::kFallback : Http2Use::kOff;
    if (value.is_string() && value.get<std::string>() == "exact") {
      if (browser != "dotnet") {
        throw doc_.errorAt(pointer,
                           "\"http2\": \"exact\" is .NET's HttpVersionPolicy.RequestVersionExact: "
                           "it applies to the \"dotnet\" browser (this client is \"" +
                               browser + "\"); use true or false");
      }
      return Http2Use::kExact;
    }
    throw doc_.errorAt(pointer, "expected true, false or \"exact\" for \"http2\", got " +
                                    (value.is_string() ? "\"" + value.get<std::string>() + "\""
                                                       : json::typeName(value)));
  }

  Expected<RouteExpectation> route(ObjectReader& reader) {
    const auto value = reader.optionalString("via");
    return Expected<RouteExpectation>{
        enumValue<RouteExpectation>(
            reader.pointerOf("via"), "via", value,
            {{"proxy", RouteExpectation::kProxy}, {"direct", RouteExpectation::kDirect}}),
        lines_.valueRef(reader.pointerOf("via"))};
  }

  void readResponseExpectations(ObjectReader& reader, ResponseExpectations& out) {
    if (reader.has("status")) {
      const auto value = reader.optionalInteger("status", 0);
      if (value < 100 || value > 599) {
        throw doc_.errorAt(reader.pointerOf("status"),
                           "\"status\" must be an HTTP status (100-599)");
      }
      out.status =
          Expected<int>{static_cast<int>(value), lines_.valueRef(reader.pointerOf("status"))};
    }
    if (reader.has("substatus")) {
      const auto value = reader.optionalInteger("substatus", 0);
      if (value < 0 || value > 999) {
        throw doc_.errorAt(reader.pointerOf("substatus"), "\"substatus\" must be 0-999");
      }
      out.substatus =
          Expected<int>{static_cast<int>(value), lines_.valueRef(reader.pointerOf("substatus"))};
    }
    if (reader.has("win32Status")) {
      out.win32Status = Expected<std::uint32_t>{win32Status(reader),
                                                lines_.valueRef(reader.pointerOf("win32Status"))};
    }
    if (reader.has("offers")) {
      out.offers = Expected<std::vector<std::string>>{stringArray(reader, "offers", "offers"),
                                                      lines_.valueRef(reader.pointerOf("offers"))};
    }
    if (reader.has("headers"))
      out.headers = headerExpectations(reader.pointerOf("headers"));
    reader.allow("headers");
    if (reader.has("body"))
      out.body = bodyExpectation(reader.pointerOf("body"));
    reader.allow("body");
    if (reader.has("httpErrReason")) {
      const auto value = reader.optionalString("httpErrReason");
      requireOneOf(reader.pointerOf("httpErrReason"), "httpErrReason", value, httpErrReasons());
      out.httpErrReason =
          Expected<std::string>{value, lines_.valueRef(reader.pointerOf("httpErrReason"))};
    }
    if (reader.has("httpVersion")) {
      const auto value = reader.optionalString("httpVersion");
      if (value == "HTTP/2.0") {
        throw doc_.errorAt(reader.pointerOf("httpVersion"),
                           "write \"HTTP/2\": HTTP/2 has no minor version (RFC 9113 §3), as "
                           "libcurl and the status line spell it");
      }
      requireOneOf(reader.pointerOf("httpVersion"), "httpVersion", value,
                   {"HTTP/1.0", "HTTP/1.1", "HTTP/2"});
      out.httpVersion =
          Expected<std::string>{value, lines_.valueRef(reader.pointerOf("httpVersion"))};
    }
    if (reader.has("streamReset")) {
      const auto value = reader.optionalString("streamReset");
      // RFC 9113 §7's error codes, by the names nghttp2 and libcurl print.
      requireOneOf(reader.pointerOf("streamReset"), "streamReset", value,
                   {"none", "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
                    "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM",
                    "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
                    "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"});
      out.streamReset =
          Expected<std::string>{value, lines_.valueRef(reader.pointerOf("streamReset"))};
    }
  }

  std::vector<HeaderExpectation> headerExpectations(const std::string& pointer) {
    const auto& value = doc_.root().at(nlohmann::json::json_pointer(pointer));
    if (!value.is_object()) {
      throw doc_.errorAt(
          pointer, std::string("expected an object for \"headers\", got ") + json::typeName(value));
    }
    std::vector<HeaderExpectation> out;
    for (const auto& [name, spec] : value.items()) {
      const auto child = json::childPointer(pointer, name);
      HeaderExpectation header;
      header.name = name;
      header.where = lines_.keyRef(child);
      if (spec.is_string()) {
        header.equals = spec.get<std::string>();
      } else if (spec.is_object()) {
        ObjectReader reader(doc_, child, "header \"" + name + "\"");
        knownKeys(reader, {"present", "equals", "matches"});
        if (reader.has("present"))
          header.present = reader.optionalBool("present", true);
        if (reader.has("equals"))
          header.equals = reader.optionalString("equals");
        if (reader.has("matches"))
          header.matches = regex(reader.pointerOf("matches"), reader.optionalString("matches"));
        reader.rejectUnknownKeys();
        if (!header.present && !header.equals && !header.matches) {
          throw doc_.errorAt(
              child, "header \"" + name + "\" needs \"present\", \"equals\" or \"matches\"");
        }
        if (header.present == false && (header.equals || header.matches)) {
          throw doc_.errorAt(
              child, "header \"" + name + "\": \"present\": false cannot go with a value check");
        }
      } else {
        throw doc_.errorAt(child, "expected a string or an object for header \"" + name +
                                      "\", got " + json::typeName(spec));
      }
      out.push_back(std::move(header));
    }
    // Checked and reported in the order the author wrote them.
    std::sort(out.begin(), out.end(), [](const HeaderExpectation& a, const HeaderExpectation& b) {
      return a.where.line != b.where.line ? a.where.line < b.where.line
                                          : a.where.column < b.where.column;
    });
    return out;
  }

  BodyExpectation bodyExpectation(const std::string& pointer) {
    ObjectReader reader(doc_, pointer, "\"body\"");
    knownKeys(reader, {"contains", "matches"});
    BodyExpectation body;
    body.where = lines_.valueRef(pointer);
    if (reader.has("contains"))
      body.contains = reader.optionalString("contains");
    if (reader.has("matches"))
      body.matches = regex(reader.pointerOf("matches"), reader.optionalString("matches"));
    reader.rejectUnknownKeys();
    if (!body.contains && !body.matches) {
      throw doc_.errorAt(pointer, "\"body\" needs \"contains\" or \"matches\"");
    }
    return body;
  }

  // A "matches" pattern, compiled now (RE2, text/linear_regex.h) so that a bad one is an error at
  // its position before anything is sent.
  text::LinearRegex regex(const std::string& pointer, const std::string& pattern) {
    std::string error;
    auto compiled = text::LinearRegex::compile(pattern, error);
    if (!compiled) {
      throw doc_.errorAt(pointer,
                         "invalid regular expression \"" + pattern + "\" (RE2 syntax): " + error);
    }
    return std::move(*compiled);
  }

  void requireAuthorizationPattern(const std::string& pointer, const std::string& key,
                                   const std::string& value) {
    if (const auto problem = expectedPatternProblem(value))
      throw doc_.errorAt(pointer, "\"" + key + "\": " + *problem);
  }

  void requireOneOf(const std::string& pointer, const std::string& key, const std::string& value,
                    const std::vector<std::string>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end())
      return;
    throw doc_.errorAt(pointer, unknownValueMessage(key, value, allowed));
  }

  template <typename E>
  E enumValue(const std::string& pointer, const std::string& key, const std::string& value,
              const std::vector<std::pair<std::string, E>>& mapping) {
    return EnumValue<E>::lookup(doc_, pointer, key, value, mapping);
  }

  const SourceDocument& doc_;
  SourceLines lines_;
  std::filesystem::path baseDir_;
  const ClientCatalogue& browsers_;
  json::ErrorCollector errors_;  // what parse() has found so far
};

}  // namespace

Scenario parseScenario(std::string_view text, const std::string& fileName,
                       const std::filesystem::path& baseDir, const ClientCatalogue& browsers) {
  const auto doc = SourceDocument::parse(text, fileName);
  return ScenarioParser(doc, baseDir, browsers).parse();
}

Scenario loadScenario(const std::filesystem::path& path, const ClientCatalogue& browsers) {
  const auto doc = SourceDocument::load(path);
  return ScenarioParser(doc, path.parent_path(), browsers).parse();
}

}  // namespace authreplay::scenario
