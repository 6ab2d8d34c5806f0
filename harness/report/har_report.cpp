#include "report/har_report.h"

#include "report/har_entry.h"
#include "report/iso_time.h"

#ifndef AUTHREPLAY_VERSION
#define AUTHREPLAY_VERSION "0.0.0"
#endif

namespace authreplay::report {

namespace {

using Json = nlohmann::ordered_json;

std::string pageTitle(const run::ScenarioResult& scenario, const run::StepResult& step) {
  const auto what = step.name.empty() ? step.method + " " + step.url : step.name;
  return scenario.id + " step " + std::to_string(step.index) + ": " + what;
}

std::string pageComment(const run::ScenarioResult& scenario, const run::StepResult& step) {
  std::string comment = scenario.title + " (" + scenario.browser + "; scenario " +
                        run::toString(scenario.outcome) + ", step " +
                        (step.passed() ? "passed" : "failed") + ")";
  if (step.error)
    comment += "; " + *step.error;
  return comment;
}

std::string connectionId(std::size_t scenarioIndex, const http::ConnectionUse& connection) {
  const auto prefix = std::to_string(scenarioIndex) + ":";
  if (connection.id >= 0)
    return prefix + std::to_string(connection.id);
  return prefix + "port " + std::to_string(connection.localPort);  // libcurl did not number it
}

}  // namespace

Json harReport(const run::RunResult& result, TokenDisplay display) {
  Json pages = Json::array();
  Json entries = Json::array();
  for (std::size_t s = 0; s < result.scenarios.size(); ++s) {
    const auto& scenario = result.scenarios[s];
    const auto scenarioIndex = s + 1;
    for (const auto& step : scenario.steps) {
      if (step.legs.empty() && !step.error)
        continue;  // a recycle: nothing went over HTTP
      const auto pageId =
          "page_" + std::to_string(scenarioIndex) + "_" + std::to_string(step.index);
      const auto started =
          step.legs.empty() ? scenario.started : step.legs.front().exchange.started;
      pages.push_back(
          {{"startedDateTime", isoTimeMillis(started)},
           {"id", pageId},
           {"title", pageTitle(scenario, step)},
           // No browser events here (no DOMContentLoaded, no onload): -1 as the spec says.
           {"pageTimings", {{"onContentLoad", -1}, {"onLoad", -1}}},
           {"comment", pageComment(scenario, step)}});
      for (std::size_t l = 0; l < step.legs.size(); ++l) {
        const auto& leg = step.legs[l];
        const HarLegPlace place{scenario, scenarioIndex,
                                step,     l + 1,
                                pageId,   connectionId(scenarioIndex, leg.exchange.connection)};
        entries.push_back(harEntry(leg, place, display));
      }
    }
  }
  Json log = {{"version", "1.2"},
              {"creator",
               {{"name", "authreplay"},
                {"version", AUTHREPLAY_VERSION},
                {"comment",
                 "HTTP authentication conformance harness; every leg of every "
                 "handshake is an entry, _authreplay holds its decoded view"}}},
              {"pages", std::move(pages)},
              {"entries", std::move(entries)},
              {"comment",
               "authreplay run against " + result.targetName + " started " +
                   isoTimeMillis(result.started) + ": " + std::to_string(result.scenarios.size()) +
                   " scenarios, " + std::to_string(result.count(run::Outcome::kPassed)) +
                   " passed, " + std::to_string(result.count(run::Outcome::kFailed)) + " failed, " +
                   std::to_string(result.count(run::Outcome::kError)) + " could not run, " +
                   std::to_string(result.count(run::Outcome::kSkipped)) + " skipped, " +
                   std::to_string(result.count(run::Outcome::kNotApplicable)) +
                   " not applicable"}};
  return {{"log", std::move(log)}};
}

void writeHarReport(const run::RunResult& result, std::ostream& out, TokenDisplay display) {
  // Bytes that are not UTF-8 in a header or reason phrase are replaced (bodies never are: they go
  // base64), so one odd server byte cannot cost the whole file.
  out << harReport(result, display).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
      << "\n";
}

}  // namespace authreplay::report
