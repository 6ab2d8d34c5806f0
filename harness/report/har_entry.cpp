#include "report/har_entry.h"

#include <algorithm>
#include <span>

#include "auth/base64.h"
#include "report/header_json.h"
#include "report/iso_time.h"
#include "report/kerberos_details.h"
#include "report/ntlm_details.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace authreplay::report {

namespace {

using Json = nlohmann::ordered_json;
using authreplay::text::equalsIgnoreCase;
using authreplay::text::startsWithIgnoreCase;
using authreplay::text::trimWhitespace;

double ms(std::chrono::microseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  return parts;
}

// Cookie: a=1; b=2 (RFC 6265 §4.2.1).
Json requestCookies(const std::vector<http::Header>& list) {
  Json out = Json::array();
  for (const auto& value : http::headerValues(list, "Cookie")) {
    for (const auto pair : split(value, ';')) {
      const auto trimmed = trimWhitespace(pair);
      const auto eq = trimmed.find('=');
      if (trimmed.empty() || eq == 0)
        continue;
      out.push_back({{"name", std::string(trimWhitespace(trimmed.substr(0, eq)))},
                     {"value", eq == std::string_view::npos
                                   ? std::string()
                                   : std::string(trimWhitespace(trimmed.substr(eq + 1)))}});
    }
  }
  return out;
}

// Set-Cookie: name=value; Path=/; Domain=x; Secure; HttpOnly (RFC 6265 §4.1). Expires is left
// out: HAR wants it in ISO 8601, and the header's date is only passed on, never interpreted.
Json responseCookies(const std::vector<http::Header>& list) {
  Json out = Json::array();
  for (const auto& value : http::headerValues(list, "Set-Cookie")) {
    const auto parts = split(value, ';');
    const auto first = trimWhitespace(parts.front());
    const auto eq = first.find('=');
    if (eq == std::string_view::npos || eq == 0)
      continue;
    Json cookie = {{"name", std::string(trimWhitespace(first.substr(0, eq)))},
                   {"value", std::string(trimWhitespace(first.substr(eq + 1)))}};
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const auto attribute = trimWhitespace(parts[i]);
      const auto aeq = attribute.find('=');
      const auto name = trimWhitespace(attribute.substr(0, aeq));
      const auto argument = aeq == std::string_view::npos
                                ? std::string_view()
                                : trimWhitespace(attribute.substr(aeq + 1));
      if (equalsIgnoreCase(name, "Path"))
        cookie["path"] = std::string(argument);
      else if (equalsIgnoreCase(name, "Domain"))
        cookie["domain"] = std::string(argument);
      else if (equalsIgnoreCase(name, "HttpOnly"))
        cookie["httpOnly"] = true;
      else if (equalsIgnoreCase(name, "Secure"))
        cookie["secure"] = true;
    }
    out.push_back(std::move(cookie));
  }
  return out;
}

// The query of URL, pair by pair, as sent (not percent-decoded, so nothing is lost).
Json queryString(std::string_view url) {
  Json out = Json::array();
  const auto question = url.find('?');
  if (question == std::string_view::npos)
    return out;
  auto query = url.substr(question + 1);
  query = query.substr(0, query.find('#'));
  for (const auto pair : split(query, '&')) {
    if (pair.empty())
      continue;
    const auto eq = pair.find('=');
    out.push_back({{"name", std::string(pair.substr(0, eq))},
                   {"value", eq == std::string_view::npos ? std::string()
                                                          : std::string(pair.substr(eq + 1))}});
  }
  return out;
}

std::span<const std::uint8_t> bytesOf(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// HAR 1.2 content: text as it is when it is UTF-8 (the file is UTF-8, spec "HAR Data
// Structure"), else base64 with "encoding": "base64" so the bytes come back exactly. A body still
// under a Content-Encoding (the harness never asks for one, but a scenario may) is base64 too:
// the spec's text is the decoded body, and this one is not decoded.
Json content(const http::RecordedResponse& response) {
  const auto type = http::firstHeader(response.headers, "Content-Type");
  const auto coding = http::firstHeader(response.headers, "Content-Encoding");
  const bool encoded = coding && !equalsIgnoreCase(trimWhitespace(*coding), "identity");
  Json out = {{"size", response.body.size()}, {"mimeType", type ? *type : "x-unknown"}};
  if (!encoded && text::isValidUtf8(response.body)) {
    out["text"] = response.body;
  } else {
    out["text"] = auth::base64Encode(bytesOf(response.body));
    out["encoding"] = "base64";
    if (encoded)
      out["comment"] = "Content-Encoding " + *coding + ": text is the body as received";
  }
  if (response.bodyTruncated) {
    const std::string note = "truncated: " + std::to_string(response.body.size()) +
                             " bytes kept of " + std::to_string(response.bodyBytesReceived) +
                             " received";
    out["comment"] =
        out.contains("comment") ? out["comment"].get<std::string>() + "; " + note : note;
  }
  return out;
}

// postData for a request that announces or carries a body (IE's zero-length POST included: an
// empty text is the finding). HAR 1.2 postData has no encoding field, so a body that is not UTF-8
// is base64 under the custom "_encoding" (HAR 1.3's proposed postData.encoding).
Json postData(const http::RecordedRequest& request) {
  const auto type = http::firstHeader(request.headers, "Content-Type");
  Json out = {{"mimeType", type ? *type : ""}};
  if (text::isValidUtf8(request.body)) {
    out["text"] = request.body;
  } else {
    out["text"] = auth::base64Encode(bytesOf(request.body));
    out["_encoding"] = "base64";
  }
  return out;
}

bool hasBody(const http::RecordedRequest& request) {
  return !request.body.empty() || http::firstHeader(request.headers, "Content-Length") ||
         http::firstHeader(request.headers, "Transfer-Encoding");
}

Json request(const http::Exchange& exchange, TokenDisplay display) {
  const auto& request = exchange.request;
  const auto url = harRequestUrl(exchange);
  Json out = {{"method", request.method},
              {"url", url},
              {"httpVersion", request.httpVersion},
              {"cookies", requestCookies(request.headers)},
              {"headers", headersJson(request.headers, display)},
              {"queryString", queryString(url)}};
  if (hasBody(request))
    out["postData"] = postData(request);
  out["headersSize"] =
      exchange.requestHeaderBytes > 0 ? static_cast<std::int64_t>(exchange.requestHeaderBytes) : -1;
  out["bodySize"] = request.body.size();
  return out;
}

Json response(const http::Exchange& exchange, TokenDisplay display) {
  const auto& response = exchange.response;
  const bool arrived = response.status != 0;
  const auto location = http::firstHeader(response.headers, "Location");
  Json out = {{"status", response.status},
              {"statusText", response.reason},
              {"httpVersion", response.httpVersion},
              {"cookies", responseCookies(response.headers)},
              {"headers", headersJson(response.headers, display)},
              {"content", content(response)},
              {"redirectURL", location ? *location : ""},
              {"headersSize", arrived && exchange.responseHeaderBytes > 0
                                  ? static_cast<std::int64_t>(exchange.responseHeaderBytes)
                                  : -1},
              {"bodySize", arrived ? static_cast<std::int64_t>(response.body.size()) : -1}};
  if (!response.interimStatuses.empty())
    out["_interimStatuses"] = response.interimStatuses;  // 100 Continue before the final status
  if (!arrived && !response.streamReset.empty()) {
    // As a browser's HAR shows such a request: no status, and why (HAR 1.2 custom field).
    out["comment"] =
        "the server reset the HTTP/2 stream with " + response.streamReset + " instead of answering";
    out["_streamReset"] = response.streamReset;
  } else if (!arrived) {
    out["comment"] = "no response arrived on this leg";
  }
  return out;
}

Json optionalNumber(const std::optional<int>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json checks(const HarLegPlace& place) {
  // A check names its leg; the step's own checks (leg 0: user, body) are about its last response.
  const bool last = place.leg == place.step.legs.size();
  Json out = Json::array();
  for (const auto& check : place.step.checks) {
    if (check.leg != static_cast<int>(place.leg) && !(check.leg == 0 && last))
      continue;
    Json c = {{"subject", check.subject},
              {"passed", check.passed},
              {"expected", check.expected},
              {"actual", check.actual}};
    if (!check.note.empty())
      c["note"] = check.note;
    if (check.where.known()) {
      c["source"] = check.where.file + ":" + std::to_string(check.where.line) + ":" +
                    std::to_string(check.where.column);
    }
    out.push_back(std::move(c));
  }
  return out;
}

Json authreplayFields(const expect::LegObservation& leg, const HarLegPlace& place) {
  const auto& exchange = leg.exchange;
  Json out = {{"scenario", place.scenario.id},
              {"scenarioIndex", place.scenarioIndex},
              {"browser", place.scenario.browser},
              {"step", place.step.index},
              {"stepName", place.step.name},
              {"leg", place.leg},
              {"sent", leg.authorization.toString()},
              {"proxySent", leg.proxyAuthorization.toString()},
              {"offers", leg.offers},
              {"status", expect::statusLabel(leg)},
              {"substatus", optionalNumber(leg.substatus)},
              {"win32Status", leg.win32Status ? Json(*leg.win32Status) : Json(nullptr)},
              {"substatusSource", leg.substatusSource},
              {"substatusNote", leg.substatusNote},
              {"user", leg.user ? Json(*leg.user) : Json(nullptr)},
              {"contentLength", leg.contentLength},
              {"proxy", exchange.proxy.empty() ? Json(nullptr) : Json(exchange.proxy)},
              {"connection",
               {{"id", exchange.connection.id},
                {"new", exchange.connection.opened},
                {"localPort", exchange.connection.localPort},
                {"remoteAddress", exchange.connection.remoteAddress},
                {"remotePort", exchange.connection.remotePort}}}};
  auto ntlm = ntlmDetails(exchange);
  if (!ntlm.empty())
    out["ntlm"] = std::move(ntlm);
  auto kerberos = kerberosDetails(exchange);
  if (!kerberos.empty())
    out["kerberos"] = std::move(kerberos);
  if (leg.answeredByHttpSys)
    out["httpErrReason"] = leg.httpErrReason ? Json(*leg.httpErrReason) : Json(nullptr);
  out["checks"] = checks(place);
  if (place.step.error && place.leg == place.step.legs.size())
    out["stepError"] = *place.step.error;
  return out;
}

}  // namespace

std::string harRequestUrl(const http::Exchange& exchange) {
  const auto& target = exchange.request.target;
  if (startsWithIgnoreCase(target, "http://") || startsWithIgnoreCase(target, "https://"))
    return target;  // absolute-form, to a forward proxy (RFC 9112 §3.2.2)
  if (equalsIgnoreCase(exchange.request.method, "CONNECT"))
    return "https://" + target;  // authority-form (RFC 9112 §3.2.3)
  const auto scheme = exchange.url.find("://");
  if (scheme == std::string::npos || target.empty() || target.front() != '/')
    return exchange.url;
  const auto path = exchange.url.find('/', scheme + 3);
  return exchange.url.substr(0, path) + target;
}

HarTimings harTimings(const http::LegTimings& timings, bool opened) {
  using std::chrono::microseconds;
  const bool connected = opened && timings.connect.count() >= 0;
  const auto tls = opened && timings.tls.count() >= 0 ? timings.tls : microseconds(-1);
  const auto connect =
      connected ? timings.connect + std::max(tls, microseconds(0)) : microseconds(-1);
  const auto setup = std::max(connect, microseconds(0));
  const auto total = std::max(timings.total, setup);
  const auto firstByte = timings.firstByte.count() >= 0
                             ? std::clamp(timings.firstByte, setup, total)
                             : total;  // no response: the whole leg was waiting
  // blocked and dns are left out: libcurl's queueing and name lookup are not measured, and the
  // spec lets an exporter omit what it cannot provide (-1 would claim they did not apply).
  HarTimings out;
  out.timings = {{"connect", connected ? ms(connect) : -1.0},
                 {"send", 0},
                 {"wait", ms(firstByte - setup)},
                 {"receive", ms(total - firstByte)},
                 {"ssl", tls.count() >= 0 ? ms(tls) : -1.0}};
  // HAR 1.2: entry.time is the sum of the timings without the -1s (ssl is inside connect), here
  // connect + wait + receive = total, taken in microseconds so that it is exact.
  out.time = ms(total);
  return out;
}

nlohmann::ordered_json harEntry(const expect::LegObservation& leg, const HarLegPlace& place,
                                TokenDisplay display) {
  const auto& exchange = leg.exchange;
  auto timings = harTimings(exchange.timings, exchange.connection.opened);
  Json out = {{"pageref", place.pageId},
              {"startedDateTime", isoTimeMillis(exchange.started)},
              {"time", timings.time},
              {"request", request(exchange, display)},
              {"response", response(exchange, display)},
              {"cache", Json::object()},
              {"timings", std::move(timings.timings)}};
  if (!exchange.connection.remoteAddress.empty())
    out["serverIPAddress"] = exchange.connection.remoteAddress;
  out["connection"] = place.connection;
  out["comment"] = place.scenario.id + " step " + std::to_string(place.step.index) + " leg " +
                   std::to_string(place.leg) + ": sent " + leg.authorization.toString() + ", " +
                   expect::statusLabel(leg);
  out["_authreplay"] = authreplayFields(leg, place);
  return out;
}

}  // namespace authreplay::report
