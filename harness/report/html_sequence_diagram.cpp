#include "report/html_sequence_diagram.h"

#include <algorithm>

#include "text/markup_escape.h"

namespace authreplay::report {

namespace {

// Geometry, in SVG user units (the page scales the whole drawing to its width). Labels use a
// monospace font of 12 units, about 7.2 units per character, which is what the character limits
// below are computed from.
constexpr int kWidth = 960;
constexpr int kClientX = 150;
constexpr int kServerX = 850;
constexpr int kProxyX = (kClientX + kServerX) / 2;
constexpr int kHeaderHeight = 40;
constexpr int kFirstLegY = 64;
constexpr int kLabelChars = 95;   // from the client lifeline to the server's
constexpr int kMarginChars = 17;  // the connection column left of the client
constexpr int kPalette = 6;       // connection colours c0..c5

std::string num(int value) {
  return std::to_string(value);
}

// TEXT cut to MAX characters with an ellipsis, never inside a UTF-8 sequence.
std::string shorten(const std::string& text, std::size_t max) {
  if (text.size() <= max)
    return text;
  std::size_t cut = max - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut) + "\u2026";
}

// A <text> element; a shortened text keeps the full one as its tooltip (<title>).
std::string text(int x, int y, const std::string& cls, const std::string& content,
                 std::size_t maxChars, const char* anchor = "start") {
  const auto shown = shorten(content, maxChars);
  std::string out = "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" class=\"" + cls + "\"";
  if (std::string_view(anchor) != "start")
    out += std::string(" text-anchor=\"") + anchor + "\"";
  out += ">";
  if (shown != content)
    out += "<title>" + text::escapeMarkup(content) + "</title>";
  return out + text::escapeMarkup(shown) + "</text>";
}

// A horizontal arrow from X1 to X2 (the head stops short of the lifeline it points at).
std::string arrow(int x1, int x2, int y, const std::string& cls, bool failed) {
  const int end = x2 > x1 ? x2 - 2 : x2 + 2;
  return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y) + "\" x2=\"" + num(end) + "\" y2=\"" +
         num(y) + "\" class=\"" + cls + "\" marker-end=\"url(#" +
         (failed ? "ar-head-fail" : "ar-head") + ")\"/>";
}

// Client to server, or to the proxy and on to the server; REVERSE for the response.
// PROXY_ONLY: the leg ended at the proxy (its own 407, RFC 9110 §15.5.8): client to proxy and back.
std::string arrows(bool viaProxy, bool reverse, int y, const std::string& cls, bool failed,
                   bool proxyOnly = false) {
  std::vector<std::pair<int, int>> spans;
  if (viaProxy && proxyOnly)
    spans = {{kClientX, kProxyX}};
  else if (viaProxy)
    spans = {{kClientX, kProxyX}, {kProxyX, kServerX}};
  else
    spans = {{kClientX, kServerX}};
  std::string out;
  if (reverse) {
    for (auto it = spans.rbegin(); it != spans.rend(); ++it)
      out += arrow(it->second, it->first, y, cls, failed);
  } else {
    for (const auto& [from, to] : spans)
      out += arrow(from, to, y, cls, failed);
  }
  return out;
}

// "http://localhost:41001/x" -> "localhost:41001".
std::string hostPort(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const auto end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool hasContentLength(const expect::LegObservation& leg) {
  const auto& request = leg.exchange.request;
  return http::firstHeader(request.headers, "Content-Length").has_value() ||
         !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

std::string requestDetails(const expect::LegObservation& leg, bool proxyColumn) {
  std::string out = leg.authorization.none ? std::string("no Authorization")
                                           : "Authorization: " + leg.authorization.toString();
  if (!leg.proxyAuthorization.none && !leg.proxyAuthorization.scheme.empty())
    out += " \u00b7 Proxy-Authorization: " + leg.proxyAuthorization.toString();
  if (hasContentLength(leg))
    out += " \u00b7 Content-Length: " + std::to_string(leg.contentLength);
  if (proxyColumn && leg.exchange.proxy.empty())
    out += " \u00b7 direct (proxy bypassed)";
  return out;
}

std::string responseLine(const expect::LegObservation& leg) {
  const auto& response = leg.exchange.response;
  std::string out = expect::statusLabel(leg);
  if (!response.reason.empty())
    out += " " + response.reason;
  return out;
}

std::string responseDetails(const expect::LegObservation& leg) {
  std::string out = leg.offers.empty() ? std::string("no WWW-Authenticate")
                                       : "WWW-Authenticate: " + joined(leg.offers);
  if (const auto proxyOffers =
          http::headerValues(leg.exchange.response.headers, "Proxy-Authenticate");
      !proxyOffers.empty()) {
    std::vector<std::string> schemes;
    for (const auto& offer : proxyOffers)
      schemes.push_back(offer.substr(0, offer.find(' ')));
    out += " \u00b7 Proxy-Authenticate: " + joined(schemes);
  }
  if (const auto connection = http::firstHeader(leg.exchange.response.headers, "Connection");
      connection && connection->find("close") != std::string::npos) {
    out += " \u00b7 Connection: close";
  }
  return out;
}

// The failed expectations of leg N (1-based); a step-level check is about the last leg.
std::vector<const expect::CheckResult*> failuresOf(const run::StepResult& step, std::size_t n) {
  std::vector<const expect::CheckResult*> out;
  for (const auto& check : step.checks) {
    if (check.passed)
      continue;
    const auto leg = check.leg > 0 ? static_cast<std::size_t>(check.leg) : step.legs.size();
    if (leg == n)
      out.push_back(&check);
  }
  return out;
}

std::string failureLine(const expect::CheckResult& check) {
  std::string out =
      "\u2717 " + check.subject + ": expected " + check.expected + ", actual " + check.actual;
  if (check.where.known())
    out += "  (" + check.where.location() + ")";
  return out;
}

// The boxes at the top of each lifeline.
std::string participant(int x, const std::string& role, const std::string& detail) {
  constexpr int kBoxWidth = 200;
  std::string out = "<rect x=\"" + num(x - kBoxWidth / 2) + "\" y=\"2\" width=\"" + num(kBoxWidth) +
                    "\" height=\"36\" rx=\"4\" class=\"who\"/>";
  out += text(x, 17, "who-role", role, 26, "middle");
  out += text(x, 32, "who-detail", detail, 26, "middle");
  return out;
}

}  // namespace

std::string htmlDiagramDefinitions() {
  // Two arrowheads: one in the normal colour, one for legs with a failed expectation.
  return "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
         "<marker id=\"ar-head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
         "markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" "
         "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "class=\"head\"/></marker>"
         "<marker id=\"ar-head-fail\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
         "markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" "
         "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "class=\"head-fail\"/></marker>"
         "</defs></svg>\n";
}

std::string htmlSequenceDiagram(const run::StepResult& step, const std::string& browser) {
  if (step.legs.empty())
    return "";
  const bool proxyColumn = std::any_of(step.legs.begin(), step.legs.end(),
                                       [](const auto& leg) { return !leg.exchange.proxy.empty(); });
  std::string proxyName;
  for (const auto& leg : step.legs) {
    if (!leg.exchange.proxy.empty()) {
      proxyName = hostPort(leg.exchange.proxy);
      break;
    }
  }

  // Rows first, so that the height is known for the <svg> element.
  std::string rows;
  int y = kFirstLegY;
  for (std::size_t i = 0; i < step.legs.size(); ++i) {
    const auto& leg = step.legs[i];
    const auto& connection = leg.exchange.connection;
    const auto failures = failuresOf(step, i + 1);
    const bool failed = !failures.empty();
    const bool viaProxy = !leg.exchange.proxy.empty();
    const std::string state = failed ? " fail" : "";

    rows += "<g class=\"leg" + state + "\">";
    // Left column: the leg number and its TCP connection, coloured per connection.
    const std::string colour = connection.id >= 0 ? "c" + num(connection.id % kPalette) : "cx";
    rows += "<circle cx=\"16\" cy=\"" + num(y - 4) + "\" r=\"11\" class=\"legno" + state + "\"/>" +
            text(16, y, "legno-text", num(static_cast<int>(i + 1)), 3, "middle");
    if (connection.id >= 0) {
      rows += "<rect x=\"34\" y=\"" + num(y - 16) + "\" width=\"96\" height=\"36\" rx=\"4\" " +
              "class=\"conn " + colour + "\"/>";
      // An HTTP/2 connection says so ("h2", its ALPN name): a downgrade shows as a new one.
      rows += text(82, y - 2, "conn-id",
                   "conn #" + num(static_cast<int>(connection.id)) +
                       (leg.httpVersion == "HTTP/2" ? " h2" : ""),
                   kMarginChars, "middle");
      rows += text(82, y + 13, "conn-detail",
                   std::string(connection.opened ? "new" : "reused") +
                       (connection.localPort ? " :" + num(connection.localPort) : ""),
                   kMarginChars, "middle");
    }

    // Request: client -> (proxy ->) server.
    const auto& request = leg.exchange.request;
    rows += text(kClientX + 10, y - 6, "req", request.method + " " + request.target, kLabelChars);
    const int requestY = y;
    // A 407 is the proxy's own answer: the request never went on to the server.
    const bool proxyAnswered = viaProxy && leg.exchange.response.status == 407;
    rows += arrows(viaProxy, false, requestY, "msg" + state, failed, proxyAnswered);
    rows += text(kClientX + 10, requestY + 15, "req-detail", requestDetails(leg, proxyColumn),
                 kLabelChars);

    // Response: server -> (proxy ->) client, dashed.
    const int responseY = requestY + 44;
    if (leg.exchange.response.status == 0 && !leg.exchange.response.streamReset.empty()) {
      // The server answered with a frame, not a response: RST_STREAM (RFC 9113 §6.4).
      rows += text(kClientX + 10, responseY - 6, "resp s4" + state,
                   "RST_STREAM(" + leg.exchange.response.streamReset + ")", kLabelChars);
      rows += arrows(viaProxy, true, responseY, "msg reply" + state, failed);
    } else if (leg.exchange.response.status == 0) {
      rows += text(kClientX + 10, responseY, "resp fail-text", "\u2717 no response", kLabelChars);
    } else {
      const int status = leg.exchange.response.status;
      const std::string statusClass = status < 300                     ? " s2"
                                      : status < 400                   ? " s3"
                                      : status == 401 || status == 407 ? " s401"
                                                                       : " s4";
      rows += text(kClientX + 10, responseY - 6, "resp" + statusClass + state, responseLine(leg),
                   kLabelChars);
      rows += arrows(viaProxy, true, responseY, "msg reply" + state, failed, proxyAnswered);
      rows += text(kClientX + 10, responseY + 15, "resp-detail", responseDetails(leg), kLabelChars);
    }
    int lineY = responseY + 33;
    for (const auto* check : failures) {
      rows += text(kClientX + 10, lineY, "fail-text", failureLine(*check), kLabelChars + 14);
      lineY += 17;
    }
    rows += "</g>";
    y = lineY + 22;
  }
  const int height = y - 18;

  std::string svg = "<svg class=\"diagram\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
                    "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) +
                    "\" role=\"img\" aria-label=\"sequence diagram of step " + num(step.index) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\">";
  // Lifelines behind everything else.
  std::vector<int> lifelines{kClientX, kServerX};
  if (proxyColumn)
    lifelines.push_back(kProxyX);
  for (const int x : lifelines) {
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(kHeaderHeight) + "\" x2=\"" + num(x) +
           "\" y2=\"" + num(height - 4) + "\" class=\"lifeline\"/>";
  }
  svg += participant(kClientX, "client", browser.empty() ? "authreplay" : browser);
  if (proxyColumn)
    svg += participant(kProxyX, "proxy", proxyName);
  svg += participant(kServerX, "server", hostPort(step.legs.front().exchange.url));
  svg += rows;
  svg += "</svg>";
  return svg;
}

}  // namespace authreplay::report
