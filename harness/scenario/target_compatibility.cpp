#include "scenario/target_compatibility.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace authreplay::scenario {

namespace {

// "apache-gssapi" (the target's name), else its file, else its default origin.
std::string targetLabel(const Target& target) {
  if (!target.name.empty())
    return target.name;
  if (!target.file.empty())
    return target.file;
  const auto origin = target.origins.find("default");
  return origin == target.origins.end() ? std::string("(unnamed)") : origin->second;
}

class Collector {
 public:
  Collector(const Scenario& scenario, const Target& target, std::vector<json::SourceError>& out)
      : scenario_(scenario), target_(targetLabel(target)), out_(out) {}

  // WHOSE: "leg 2 of step 1" or "step 1" (its final leg).
  void response(const ResponseExpectations& expect, const std::string& whose) {
    if (expect.substatus)
      add("substatus", expect.substatus->where, whose);
    if (expect.win32Status)
      add("win32Status", expect.win32Status->where, whose);
  }

 private:
  void add(const std::string& what, const SourceRef& where, const std::string& whose) {
    out_.emplace_back(where.file.empty() ? scenario_.file : where.file,
                      json::SourcePosition{where.line, where.column},
                      "\"" + what + "\" expected of " + whose + ", but target \"" + target_ +
                          "\" has no substatus source: " + what +
                          " cannot be checked on a non-IIS server (substatus.source is \"none\"; "
                          "remove the expectation or run the scenario against IIS)");
  }

  const Scenario& scenario_;
  std::string target_;
  std::vector<json::SourceError>& out_;
};

}  // namespace

std::vector<json::SourceError> uncheckableExpectations(const std::vector<Scenario>& scenarios,
                                                       const Target& target) {
  std::vector<json::SourceError> out;
  for (const auto& scenario : scenarios) {
    if (target.substatus.source != SubstatusSource::kNone)
      break;
    Collector collect(scenario, target, out);
    int index = 0;
    for (const auto& step : scenario.steps) {
      ++index;
      const auto* request = std::get_if<RequestStep>(&step.action);
      if (!request)
        continue;
      const auto stepName = "step " + std::to_string(index);
      const auto& expect = request->expect;
      if (expect.legs) {
        int leg = 0;
        for (const auto& legExpect : expect.legs->value)
          collect.response(legExpect.response, "leg " + std::to_string(++leg) + " of " + stepName);
      }
      collect.response(expect.final, stepName);
    }
  }
  if (!target.bodyFilesOutsideScenario) {
    for (const auto& scenario : scenarios) {
      for (const auto& step : scenario.steps) {
        const auto* request = std::get_if<RequestStep>(&step.action);
        if (!request || !request->request.bodyFileOutsideScenario)
          continue;
        const auto& where = *request->request.bodyFileOutsideScenario;
        out.emplace_back(where.file, json::SourcePosition{where.line, where.column},
                         "\"bodyFile\" \"" + request->request.bodyFilePath +
                             "\" is outside the scenario's folder: target \"" +
                             targetLabel(target) +
                             "\" does not send such files (set \"bodyFilesOutsideScenario\": true "
                             "in the target file to allow it)");
      }
    }
  }
  // In the order a reader meets them: a step's final expectations may stand before its legs.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.file(), a.position().line, a.position().column) <
           std::tuple(b.file(), b.position().line, b.position().column);
  });
  return out;
}

}  // namespace authreplay::scenario
