#include "report/json_report.h"

#include <ctime>

#include "report/header_json.h"
#include "report/iso_time.h"
#include "report/kerberos_details.h"
#include "report/ntlm_details.h"

namespace authreplay::report {

namespace {

using Json = nlohmann::ordered_json;

double milliseconds(std::chrono::microseconds duration) {
  return static_cast<double>(duration.count()) / 1000.0;
}

Json optionalMs(std::chrono::microseconds duration) {
  return duration.count() < 0 ? Json(nullptr) : Json(milliseconds(duration));
}

Json leg(const expect::LegObservation& leg, TokenDisplay display) {
  const auto& exchange = leg.exchange;
  Json out;
  out["request"] = {{"method", exchange.request.method},
                    {"target", exchange.request.target},
                    {"headers", headersJson(exchange.request.headers, display)},
                    {"bodyBytes", exchange.request.body.size()}};
  out["response"] = {{"status", exchange.response.status},
                     {"reason", exchange.response.reason},
                     {"interimStatuses", exchange.response.interimStatuses},
                     {"headers", headersJson(exchange.response.headers, display)},
                     {"bodyBytes", exchange.response.body.size()}};
  if (exchange.response.bodyTruncated) {
    // Only the start of the body was kept (http::TransferRequest::maxKeptBody, 1 MiB).
    out["response"]["bodyTruncated"] = true;
    out["response"]["bodyBytesReceived"] = exchange.response.bodyBytesReceived;
  }
  out["status"] = expect::statusLabel(leg);
  out["httpVersion"] = leg.httpVersion;
  if (!exchange.response.streamReset.empty())
    out["streamReset"] = exchange.response.streamReset;  // only on reset legs (HTTP/2)
  out["substatus"] = leg.substatus ? Json(*leg.substatus) : Json(nullptr);
  out["win32Status"] = leg.win32Status ? Json(*leg.win32Status) : Json(nullptr);
  out["substatusSource"] = leg.substatusSource;
  if (leg.answeredByHttpSys) {
    // Only on legs HTTP.sys answered itself, so reports of other runs keep their shape.
    out["httpErr"] = {{"reason", leg.httpErrReason ? Json(*leg.httpErrReason) : Json(nullptr)},
                      {"note", leg.httpErrNote}};
  }
  out["offers"] = leg.offers;
  out["sent"] = leg.authorization.toString();
  // The handshake's messages decoded (flags, names, AV pairs, MIC; SPN, etype, kvno), only on legs
  // that carry them; nothing secret is in them.
  if (auto ntlm = ntlmDetails(exchange); !ntlm.empty())
    out["ntlm"] = std::move(ntlm);
  if (auto kerberos = kerberosDetails(exchange); !kerberos.empty())
    out["kerberos"] = std::move(kerberos);
  out["proxySent"] = leg.proxyAuthorization.toString();
  out["proxy"] = exchange.proxy.empty() ? Json(nullptr) : Json(exchange.proxy);
  out["contentLength"] = leg.contentLength;
  out["user"] = leg.user ? Json(*leg.user) : Json(nullptr);
  out["connection"] = {{"id", exchange.connection.id},
                       {"new", exchange.connection.opened},
                       {"localPort", exchange.connection.localPort},
                       {"remoteAddress", exchange.connection.remoteAddress},
                       {"remotePort", exchange.connection.remotePort}};
  out["timingsMs"] = {{"connect", optionalMs(exchange.timings.connect)},
                      {"tls", optionalMs(exchange.timings.tls)},
                      {"firstByte", optionalMs(exchange.timings.firstByte)},
                      {"total", milliseconds(exchange.timings.total)}};
  return out;
}

Json check(const expect::CheckResult& check) {
  Json out = {{"subject", check.subject},
              {"leg", check.leg},
              {"passed", check.passed},
              {"expected", check.expected},
              {"actual", check.actual}};
  if (!check.note.empty())
    out["note"] = check.note;
  if (check.where.known()) {
    out["source"] = {
        {"file", check.where.file}, {"line", check.where.line}, {"column", check.where.column}};
  }
  return out;
}

Json step(const run::StepResult& step, TokenDisplay display) {
  Json out = {{"index", step.index},
              {"name", step.name},
              {"kind", step.kind},
              {"method", step.method},
              {"url", step.url},
              {"passed", step.passed()},
              {"durationMs", milliseconds(step.duration)}};
  out["error"] = step.error ? Json(*step.error) : Json(nullptr);
  out["browserNotes"] = step.browserNotes;
  out["legs"] = Json::array();
  for (const auto& l : step.legs)
    out["legs"].push_back(leg(l, display));
  out["checks"] = Json::array();
  for (const auto& c : step.checks)
    out["checks"].push_back(check(c));
  return out;
}

// A listed scenario's baseline entry and what it made of the outcome; null when not listed.
Json baselineMatch(const run::ScenarioResult& scenario) {
  if (!scenario.baseline)
    return nullptr;
  const auto& b = *scenario.baseline;
  Json out = {{"reason", b.reason},
              {"check", b.check.empty() ? Json(nullptr) : Json(b.check)},
              {"entry", b.entry.location()}};
  out["note"] = b.note.empty() ? Json(nullptr) : Json(b.note);
  return out;
}

}  // namespace

Json jsonReport(const run::RunResult& result, TokenDisplay display) {
  Json out;
  out["version"] = kJsonReportVersion;
  out["target"] = result.targetName;
  out["started"] = isoTimeSeconds(result.started) + "Z";
  out["durationMs"] = milliseconds(result.duration);
  out["summary"] = {{"scenarios", result.scenarios.size()},
                    {"passed", result.count(run::Outcome::kPassed)},
                    {"failed", result.count(run::Outcome::kFailed)},
                    {"errors", result.count(run::Outcome::kError)},
                    {"skipped", result.count(run::Outcome::kSkipped)},
                    {"notApplicable", result.count(run::Outcome::kNotApplicable)}};
  // The gate's verdicts (run/verdict.h): the outcomes above as a --baseline judged them.
  Json verdicts;
  for (const auto v : {run::Verdict::kPassed, run::Verdict::kFailed, run::Verdict::kExpectedFailure,
                       run::Verdict::kFixed, run::Verdict::kCouldNotRun, run::Verdict::kSkipped,
                       run::Verdict::kNotApplicable})
    verdicts[run::toString(v)] = result.count(v);
  out["summary"]["verdicts"] = std::move(verdicts);
  out["baseline"] = nullptr;
  if (result.baseline) {
    out["baseline"] = {{"file", result.baseline->file},
                       {"strict", result.baseline->strict},
                       {"staleEntries", result.baseline->staleEntries}};
  }
  out["scenarios"] = Json::array();
  for (const auto& scenario : result.scenarios) {
    Json s = {
        {"id", scenario.id},
        {"title", scenario.title},
        {"file", scenario.file},
        {"source", scenario.source},
        {"description", scenario.description},
        {"tags", scenario.tags},
        {"browser", scenario.browser},
        {"outcome", run::toString(scenario.outcome)},
        {"verdict", run::toString(scenario.verdict())},
        {"baseline", baselineMatch(scenario)},
        {"error", scenario.error.empty() ? Json(nullptr) : Json(scenario.error)},
        {"skipReason", scenario.skipReason.empty() ? Json(nullptr) : Json(scenario.skipReason)},
        {"notApplicableReason", scenario.notApplicableReason.empty()
                                    ? Json(nullptr)
                                    : Json(scenario.notApplicableReason)},
        {"started", isoTimeSeconds(scenario.started) + "Z"},
        {"durationMs", milliseconds(scenario.duration)}};
    s["steps"] = Json::array();
    for (const auto& st : scenario.steps)
      s["steps"].push_back(step(st, display));
    out["scenarios"].push_back(std::move(s));
  }
  return out;
}

void writeJsonReport(const run::RunResult& result, std::ostream& out, TokenDisplay display) {
  // Invalid UTF-8 from a server (a body is not in here, but a reason phrase or header may be) is
  // replaced rather than failing the whole report.
  out << jsonReport(result, display).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
}

}  // namespace authreplay::report
