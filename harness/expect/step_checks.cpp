#include "expect/step_checks.h"

#include <algorithm>

#include "auth/credential_display.h"
#include "text/ascii.h"

namespace authreplay::expect {

namespace {

using scenario::ConnectionExpectation;

std::string join(const std::vector<std::string>& values) {
  if (values.empty())
    return "(none)";
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i)
    out += (i ? ", " : "") + values[i];
  return out;
}

// A short, single-line rendering of a body for "actual:" lines.
std::string excerpt(const std::string& body) {
  std::string out;
  for (const char c : body.substr(0, 160))
    out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  if (body.size() > 160)
    out += "... (" + std::to_string(body.size()) + " bytes)";
  return out.empty() ? "(empty)" : out;
}

bool sameSchemes(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const std::string& x, const std::string& y) {
           return text::equalsIgnoreCase(x, y);
         });
}

class Checker {
 public:
  explicit Checker(std::vector<CheckResult>& out) : out_(out) {}

  void add(std::string subject, int leg, bool passed, std::string expected, std::string actual,
           const scenario::SourceRef& where, std::string note = {}) {
    out_.push_back(CheckResult{std::move(subject), leg, passed, std::move(expected),
                               std::move(actual), std::move(note), where});
  }

  void response(const scenario::ResponseExpectations& expect, const LegObservation& leg, int n) {
    const auto& response = leg.exchange.response;
    if (expect.status) {
      add("status", n, response.status == expect.status->value,
          std::to_string(expect.status->value),
          response.status ? std::to_string(response.status) : "no response", expect.status->where);
    }
    if (expect.substatus) {
      const bool known = leg.substatus.has_value();
      add("substatus", n, known && *leg.substatus == expect.substatus->value,
          std::to_string(expect.substatus->value),
          known ? std::to_string(*leg.substatus) + " (" + leg.substatusSource + ")" : "unknown",
          expect.substatus->where, leg.substatusNote);
      out_.back().evidenceMissing = !known;
    }
    if (expect.win32Status) {
      const bool known = leg.win32Status.has_value();
      add("win32Status", n, known && *leg.win32Status == expect.win32Status->value,
          std::to_string(expect.win32Status->value),
          known ? std::to_string(*leg.win32Status) + " (" + leg.substatusSource + ")" : "unknown",
          expect.win32Status->where, leg.substatusNote);
      out_.back().evidenceMissing = !known;
    }
    if (expect.offers) {
      add("offers", n, sameSchemes(leg.offers, expect.offers->value), join(expect.offers->value),
          join(leg.offers), expect.offers->where);
    }
    if (expect.httpErrReason) {
      const bool known = leg.httpErrReason.has_value();
      add("httpErrReason", n, known && *leg.httpErrReason == expect.httpErrReason->value,
          expect.httpErrReason->value, known ? *leg.httpErrReason + " (HTTPERR log)" : "unknown",
          expect.httpErrReason->where, leg.httpErrNote);
    }
    if (expect.httpVersion) {
      add("httpVersion", n, leg.httpVersion == expect.httpVersion->value, expect.httpVersion->value,
          leg.httpVersion.empty() ? "unknown" : leg.httpVersion, expect.httpVersion->where);
    }
    if (expect.streamReset) {
      const std::string actual = response.streamReset.empty() ? "none" : response.streamReset;
      add("streamReset", n, actual == expect.streamReset->value, expect.streamReset->value, actual,
          expect.streamReset->where);
    }
    for (const auto& header : expect.headers)
      headerCheck(header, response.headers, n);
    if (expect.body)
      bodyCheck(*expect.body, response.body, n);
  }

  void headerCheck(const scenario::HeaderExpectation& expect,
                   const std::vector<http::Header>& headers, int n) {
    const auto values = http::headerValues(headers, expect.name);
    const auto subject = "header " + expect.name;
    // A check's "actual" is a one-line summary: tokens in it are always shortened (a Kerberos
    // AP-REP showed in full in the JSON report, issue 12); the legs' headers carry them whole
    // under --show-tokens.
    std::vector<std::string> shown;
    for (const auto& value : values)
      shown.push_back(auth::displayHeaderValue(expect.name, value, /*showTokens=*/false));
    const std::string actual = values.empty() ? "(absent)" : join(shown);
    if (expect.present) {
      add(subject, n, values.empty() != *expect.present, *expect.present ? "present" : "absent",
          actual, expect.where);
    }
    if (expect.equals) {
      const bool ok = std::find(values.begin(), values.end(), *expect.equals) != values.end();
      add(subject, n, ok, *expect.equals, actual, expect.where);
    }
    if (expect.matches) {
      const bool ok = std::any_of(values.begin(), values.end(), [&](const std::string& value) {
        return expect.matches->search(value);
      });
      add(subject, n, ok, "matches /" + expect.matches->pattern() + "/", actual, expect.where);
    }
  }

  void bodyCheck(const scenario::BodyExpectation& expect, const std::string& body, int n) {
    if (expect.contains) {
      add("body", n, body.find(*expect.contains) != std::string::npos,
          "contains \"" + *expect.contains + "\"", excerpt(body), expect.where);
    }
    if (expect.matches) {
      add("body", n, expect.matches->search(body), "matches /" + expect.matches->pattern() + "/",
          excerpt(body), expect.where);
    }
  }

  void leg(const scenario::LegExpectation& expect, const LegObservation& leg,
           const LegObservation* previous, int n) {
    if (expect.sent) {
      const auto pattern = scenario::AuthorizationPattern::parse(expect.sent->value);
      add("sent", n, pattern && pattern->matches(leg.authorization), expect.sent->value,
          leg.authorization.toString(), expect.sent->where);
    }
    if (expect.proxySent) {
      const auto pattern = scenario::AuthorizationPattern::parse(expect.proxySent->value);
      add("proxySent", n, pattern && pattern->matches(leg.proxyAuthorization),
          expect.proxySent->value, leg.proxyAuthorization.toString(), expect.proxySent->where);
    }
    if (expect.via)
      routeCheck(*expect.via, leg, n);
    if (expect.contentLength) {
      add("contentLength", n, leg.contentLength == expect.contentLength->value,
          std::to_string(expect.contentLength->value), std::to_string(leg.contentLength),
          expect.contentLength->where);
    }
    if (expect.connection)
      connectionCheck(*expect.connection, leg, previous, n);
    response(expect.response, leg, n);
  }

  void routeCheck(const scenario::Expected<scenario::RouteExpectation>& expect,
                  const LegObservation& leg, int n) {
    const bool wantProxy = expect.value == scenario::RouteExpectation::kProxy;
    add("via", n, leg.viaProxy == wantProxy, scenario::toString(expect.value),
        leg.viaProxy ? "proxy (" + leg.exchange.proxy + ")" : "direct", expect.where);
  }

  void connectionCheck(const scenario::Expected<ConnectionExpectation>& expect,
                       const LegObservation& leg, const LegObservation* previous, int n) {
    const auto& connection = leg.exchange.connection;
    const std::string actual = describe(connection, previous);
    bool ok = false;
    switch (expect.value) {
      case ConnectionExpectation::kNew:
        ok = connection.opened;
        break;
      case ConnectionExpectation::kSame:
        ok = previous != nullptr && !connection.opened &&
             connection.id == previous->exchange.connection.id;
        break;
      case ConnectionExpectation::kReused:
        ok = !connection.opened;
        break;
    }
    std::string note;
    if (!ok && connection.opened && connection.replacedDeadConnection) {
      // Issue 15: "same connection" checks failed after a long wait with nothing saying why.
      note =
          "the connection the previous leg used was closed while idle (libcurl found it dead: "
          "the server's idle timeout, IIS connectionTimeout 120 s by default, or a middlebox), "
          "so this leg went on a new one";
    }
    add("connection", n, ok, scenario::toString(expect.value), actual, expect.where,
        std::move(note));
  }

  static std::string describe(const http::ConnectionUse& connection,
                              const LegObservation* previous) {
    std::string what;
    if (connection.opened) {
      what = "new";
    } else if (previous && previous->exchange.connection.id == connection.id) {
      what = "same";
    } else {
      // Opened before the previous leg, earlier in the scenario (connections live across steps).
      what = "reused";
    }
    return what + " (#" + std::to_string(connection.id) + ", local port " +
           std::to_string(connection.localPort) + ")";
  }

 private:
  std::vector<CheckResult>& out_;
};

// The user the last leg authenticated as, against the expected name or one of its aliases
// (user_name_match.h); the note says which alias matched, so a pass by alias is visible.
void userCheck(Checker& checker, const scenario::Expected<std::string>& expect,
               const LegObservation& last, int n, const UserAliases& userAliases) {
  const auto* aliases = aliasesOf(expect.value, userAliases);
  std::string expected = expect.value;
  if (aliases && !aliases->empty())
    expected += " (or its alias " + join(*aliases) + ")";
  if (!last.user) {
    // A server that is not IIS has no W3C log: only what it answers can say who logged in.
    const std::string note =
        last.substatusApplies
            ? "the user comes from the W3C log (cs-username) or an identity page answering "
              "{\"user\": ...}: request one, or give the target a W3C log"
            : "the user comes from an identity page answering {\"user\": ...} (this target has no "
              "W3C log): request one, or assert the header or body the server reports the user in";
    checker.add("user", n, false, expected, "unknown", expect.where, note);
    return;
  }
  const auto& reported = *last.user;
  const auto match = matchUser(reported, expect.value, userAliases);
  std::string note;
  if (match.matched && !match.alias.empty()) {
    note = "matched the alias \"" + match.alias + "\" of \"" + expect.value +
           "\" (target credentials.userAliases)";
  }
  checker.add("user", n, match.matched, expected, reported.empty() ? "(anonymous)" : reported,
              expect.where, note);
}

}  // namespace

std::vector<CheckResult> checkStep(const scenario::StepExpectations& expect,
                                   std::span<const LegObservation> legs,
                                   const LegObservation* previous, const UserAliases& userAliases) {
  std::vector<CheckResult> out;
  Checker checker(out);
  const int count = static_cast<int>(legs.size());
  if (expect.legs) {
    const int listed = static_cast<int>(expect.legs->value.size());
    checker.add("number of legs", 0, count == listed, std::to_string(listed), std::to_string(count),
                expect.legs->where);
    std::vector<long> earlier;
    if (previous)
      earlier.push_back(previous->exchange.connection.id);
    for (int i = 0; i < std::min(count, listed); ++i) {
      const LegObservation* before = i == 0 ? previous : &legs[static_cast<std::size_t>(i - 1)];
      checker.leg(expect.legs->value[static_cast<std::size_t>(i)],
                  legs[static_cast<std::size_t>(i)], before, i + 1);
    }
  }
  if (expect.legCount) {
    checker.add("number of legs", 0, count == expect.legCount->value,
                std::to_string(expect.legCount->value), std::to_string(count),
                expect.legCount->where);
  }
  if (legs.empty())
    return out;
  const auto& last = legs.back();
  checker.response(expect.final, last, count);
  if (expect.scheme) {
    const auto pattern = scenario::AuthorizationPattern::parse(expect.scheme->value);
    checker.add("scheme", count, pattern && pattern->matches(last.authorization),
                expect.scheme->value, last.authorization.toString(), expect.scheme->where);
  }
  if (expect.via)
    checker.routeCheck(*expect.via, last, count);
  if (expect.user)
    userCheck(checker, *expect.user, last, count, userAliases);
  return out;
}

}  // namespace authreplay::expect
