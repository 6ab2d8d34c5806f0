#include "scenario/scenario_set.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "scenario/scenario_loader.h"

namespace authreplay::scenario {

std::vector<std::filesystem::path> findScenarioFiles(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& given : paths) {
    const fs::path path(given);
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      out.push_back(path);
      continue;
    }
    if (!fs::is_directory(path, ec))
      throw std::runtime_error("no such file or directory: " + given);
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

LoadedScenarios loadScenarios(const std::vector<std::filesystem::path>& files,
                              const ClientCatalogue& browsers) {
  LoadedScenarios loaded;
  std::map<std::string, const Scenario*> byId;
  for (const auto& file : files) {
    try {
      loaded.scenarios.push_back(loadScenario(file, browsers));
    } catch (const json::SourceErrors& e) {
      loaded.errors.insert(loaded.errors.end(), e.all().begin(), e.all().end());
    } catch (const json::SourceError& e) {
      loaded.errors.push_back(e);
    }
  }
  for (const auto& scenario : loaded.scenarios) {
    const auto [it, inserted] = byId.emplace(scenario.id, &scenario);
    if (!inserted) {
      loaded.errors.emplace_back(scenario.file,
                                 json::SourcePosition{scenario.where.line, scenario.where.column},
                                 "duplicate scenario id \"" + scenario.id + "\" (also in " +
                                     it->second->where.location() + ")");
    }
  }
  return loaded;
}

bool ScenarioFilter::accepts(const Scenario& scenario) const {
  if (!ids.empty() || !globs.empty()) {
    const bool byId = std::find(ids.begin(), ids.end(), scenario.id) != ids.end();
    const bool byGlob = std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
      return fnmatch(glob.c_str(), scenario.id.c_str(), 0) == 0;
    });
    if (!byId && !byGlob)
      return false;
  }
  if (!tags.empty()) {
    const bool tagged = std::any_of(tags.begin(), tags.end(), [&](const std::string& tag) {
      return std::find(scenario.tags.begin(), scenario.tags.end(), tag) != scenario.tags.end();
    });
    if (!tagged)
      return false;
  }
  return std::none_of(excludeTags.begin(), excludeTags.end(), [&](const std::string& tag) {
    return std::find(scenario.tags.begin(), scenario.tags.end(), tag) != scenario.tags.end();
  });
}

std::vector<Scenario> select(std::vector<Scenario> scenarios, const ScenarioFilter& filter) {
  std::erase_if(scenarios, [&](const Scenario& s) { return !filter.accepts(s); });
  return scenarios;
}

}  // namespace authreplay::scenario
