#include "scenario/scenario_requirements.h"

#include <algorithm>
#include <variant>

#include "scenario/authorization_pattern.h"
#include "text/ascii.h"

namespace authreplay::scenario {
namespace {

bool expectsKerberos(const std::optional<Expected<std::string>>& pattern) {
  if (!pattern)
    return false;
  const auto parsed = AuthorizationPattern::parse(pattern->value);
  return parsed && text::equalsIgnoreCase(parsed->mechanism, "Kerberos");
}

void addResponseNeeds(const ResponseExpectations& expect, std::vector<Need>& out) {
  if (expect.httpErrReason)
    out.push_back({Need::Kind::kHttpErrLog, "", expect.httpErrReason->where});
}

void addStepNeeds(const RequestStep& step, std::vector<Need>& out) {
  out.push_back({Need::Kind::kOrigin, step.request.origin, step.request.where});
  const auto& expect = step.expect;
  addResponseNeeds(expect.final, out);
  if (expectsKerberos(expect.scheme))
    out.push_back({Need::Kind::kKerberos, "", expect.scheme->where});
  if (!expect.legs)
    return;
  for (const auto& leg : expect.legs->value) {
    addResponseNeeds(leg.response, out);
    if (expectsKerberos(leg.sent))
      out.push_back({Need::Kind::kKerberos, "", leg.sent->where});
    if (expectsKerberos(leg.proxySent))
      out.push_back({Need::Kind::kKerberos, "", leg.proxySent->where});
  }
}

bool hasKerberosCredentials(const Target& target) {
  const auto& kerberos = target.credentials.kerberos;
  return !kerberos.ccache.empty() || !kerberos.clientKeytab.empty();
}

// Why TARGET does not meet NEED for SCENARIO; empty when it does.
std::string unmet(const Need& need, const Scenario& scenario, const Target& target) {
  switch (need.kind) {
    case Need::Kind::kOrigin:
      return target.origins.count(need.name) ? ""
                                             : "the target has no origin \"" + need.name + "\"";
    case Need::Kind::kProxy:
      return target.proxies.count(need.name) ? "" : "the target has no proxy \"" + need.name + "\"";
    case Need::Kind::kKerberos:
      return hasKerberosCredentials(target)
                 ? ""
                 : "the target has no Kerberos credentials (credentials.kerberos: a ccache or a "
                   "client keytab)";
    case Need::Kind::kRecycle:
      return target.recycle ? "" : "the target cannot recycle an application (no \"recycle\")";
    case Need::Kind::kW3cLog: {
      const auto source = target.substatus.source;
      return source == SubstatusSource::kW3cLog || source == SubstatusSource::kBoth
                 ? ""
                 : "the target does not read the W3C log (substatus.source w3cLog or both)";
    }
    case Need::Kind::kHttpErrLog:
      return target.substatus.httpErrLog.enabled()
                 ? ""
                 : "the target does not read HTTP.sys's HTTPERR log (substatus.httpErrLog)";
    case Need::Kind::kTls:
      for (const auto& step : scenario.steps) {
        const auto* request = std::get_if<RequestStep>(&step.action);
        if (request == nullptr)
          continue;
        const auto it = target.origins.find(request->request.origin);
        if (it != target.origins.end() && !text::startsWithIgnoreCase(it->second, "https://"))
          return "origin \"" + it->first + "\" is not https (" + it->second + ")";
      }
      return "";
  }
  return "";
}

}  // namespace

std::vector<Need> needsOf(const Scenario& scenario) {
  std::vector<Need> out = scenario.needs;
  if (scenario.client.proxy)
    out.push_back({Need::Kind::kProxy, *scenario.client.proxy, scenario.client.where});
  for (const auto& step : scenario.steps) {
    if (const auto* request = std::get_if<RequestStep>(&step.action)) {
      addStepNeeds(*request, out);
    } else if (const auto* recycle = std::get_if<RecycleStep>(&step.action)) {
      out.push_back({Need::Kind::kOrigin, recycle->origin, step.where});
      out.push_back({Need::Kind::kRecycle, "", step.where});
    }
  }
  return out;
}

std::vector<std::string> unmetNeeds(const Scenario& scenario, const Target& target) {
  std::vector<std::string> out;
  for (const auto& need : needsOf(scenario)) {
    auto reason = unmet(need, scenario, target);
    if (!reason.empty() && std::find(out.begin(), out.end(), reason) == out.end())
      out.push_back(std::move(reason));
  }
  return out;
}

}  // namespace authreplay::scenario
