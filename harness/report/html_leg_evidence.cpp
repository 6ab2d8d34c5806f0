#include "report/html_leg_evidence.h"

#include <nlohmann/json.hpp>

#include "auth/leg_label.h"
#include "report/kerberos_details.h"
#include "report/ntlm_details.h"
#include "text/markup_escape.h"

namespace authreplay::report {
namespace {

using Json = nlohmann::ordered_json;

// The response body shown per leg: enough for an IIS error page's heading and message.
constexpr std::size_t kBodyShown = 2048;

std::string escaped(const std::string& text) {
  return text::escapeMarkup(text);
}

std::string scalar(const Json& value) {
  if (value.is_string())
    return escaped(value.get<std::string>());
  if (value.is_null())
    return "-";
  return escaped(value.dump());
}

// A decoded message (ntlm_details.h, kerberos_details.h) as nested definition lists: objects as
// <dl>, arrays of names inline, AV pair lists one per line.
void writeJson(const Json& value, std::ostream& out) {
  if (value.is_object()) {
    out << "<dl>";
    for (const auto& [key, member] : value.items()) {
      out << "<dt>" << escaped(key) << "</dt><dd>";
      writeJson(member, out);
      out << "</dd>";
    }
    out << "</dl>";
  } else if (value.is_array()) {
    bool pairs = !value.empty() && value.front().is_object();
    if (!pairs) {
      std::string names;
      for (const auto& item : value)
        names += (names.empty() ? "" : ", ") + scalar(item);
      out << (names.empty() ? "(none)" : names);
      return;
    }
    out << "<ul>";
    for (const auto& item : value) {
      out << "<li>";
      if (item.contains("id") && item.contains("value"))
        out << scalar(item["id"]) << ": " << scalar(item["value"]);
      else
        writeJson(item, out);
      out << "</li>";
    }
    out << "</ul>";
  } else {
    out << scalar(value);
  }
}

std::string milliseconds(std::chrono::microseconds duration) {
  if (duration.count() < 0)
    return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f ms", static_cast<double>(duration.count()) / 1000.0);
  return buffer;
}

void writeLeg(const expect::LegObservation& leg, std::size_t number, std::ostream& out) {
  const auto& exchange = leg.exchange;
  const auto& timings = exchange.timings;
  out << "<div class=\"evidence-leg\"><h4>leg " << number << " \u00b7 "
      << escaped(exchange.request.method + " " + exchange.request.target) << "</h4>";
  out << "<p class=\"timings\">"
      << escaped(leg.httpVersion.empty() ? "" : leg.httpVersion + " \u00b7 ") << "connect "
      << milliseconds(timings.connect) << " \u00b7 TLS " << milliseconds(timings.tls)
      << " \u00b7 first byte " << milliseconds(timings.firstByte) << " \u00b7 total "
      << milliseconds(timings.total) << "</p>";
  if (!exchange.response.streamReset.empty()) {
    out << "<p>The server reset the HTTP/2 stream with <b>"
        << escaped(exchange.response.streamReset)
        << "</b> instead of answering (RFC 9113 \u00a77).</p>";
  }
  // SPNEGO's choice (RFC 4178 §4.2.1): the mechanisms the client proposed, in its order, and the
  // one its token is for; NTLM behind a proposed Kerberos is the silent fallback.
  if (const auto authorization = http::firstHeader(exchange.request.headers, "Authorization")) {
    const auto described = auth::describeAuthValue(*authorization);
    if (described.spnego && !described.mechTypes.empty()) {
      std::string proposed;
      for (const auto& mech : described.mechTypes)
        proposed += (proposed.empty() ? "" : ", ") + mech;
      out << "<p>SPNEGO proposes " << escaped(proposed) << "; the token is "
          << escaped(described.mechanism.empty() ? "?" : described.mechanism) << "</p>";
    }
    if (!described.problem.empty())
      out << "<p>Authorization could not be decoded: " << escaped(described.problem) << "</p>";
  }
  const auto ntlm = ntlmDetails(exchange);
  const auto kerberos = kerberosDetails(exchange);
  for (const auto& [title, details] : {std::pair{"NTLM", &ntlm}, {"Kerberos", &kerberos}}) {
    for (const auto& [header, message] : details->items()) {
      out << "<div class=\"decoded\"><b>" << title << " in " << escaped(header) << "</b>";
      writeJson(message, out);
      out << "</div>";
    }
  }
  const auto& body = exchange.response.body;
  if (!body.empty()) {
    out << "<div class=\"body\"><b>response body</b> (" << exchange.response.bodyBytesReceived
        << " bytes" << (body.size() > kBodyShown ? ", the first 2048 shown" : "") << ")<pre>"
        << escaped(body.substr(0, kBodyShown)) << "</pre></div>";
  }
  out << "</div>";
}

}  // namespace

void writeLegEvidence(const run::StepResult& step, std::ostream& out) {
  if (step.legs.empty())
    return;
  out << "<details class=\"evidence\"><summary>evidence per leg: decoded NTLM and Kerberos, "
         "timings, response bodies</summary>";
  for (std::size_t i = 0; i < step.legs.size(); ++i)
    writeLeg(step.legs[i], i + 1, out);
  out << "</details>\n";
}

}  // namespace authreplay::report
