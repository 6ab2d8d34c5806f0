// Finding scenario files under the paths a user gives, loading them all, and selecting by id, glob
// and tag. Loading is all-or-nothing: any invalid file (or two files with one id) means nothing
// runs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "json/source_document.h"
#include "scenario/client_catalogue.h"
#include "scenario/scenario.h"

namespace authreplay::scenario {

// Every *.json under each path (a file is taken as is), sorted, in the order the paths were given.
// A path that does not exist is an error (std::runtime_error naming it).
std::vector<std::filesystem::path> findScenarioFiles(const std::vector<std::string>& paths);

struct LoadedScenarios {
  std::vector<Scenario> scenarios;
  // Every error of every invalid file (up to 20 a file), then duplicate ids.
  std::vector<json::SourceError> errors;
};

LoadedScenarios loadScenarios(const std::vector<std::filesystem::path>& files,
                              const ClientCatalogue& browsers);

struct ScenarioFilter {
  std::vector<std::string> ids;               // exact ids; any of them
  std::vector<std::string> globs;             // shell globs on the id (fnmatch); any of them
  std::vector<std::string> tags;              // any of them
  std::vector<std::string> excludeTags = {};  // none of them

  bool empty() const { return ids.empty() && globs.empty() && tags.empty() && excludeTags.empty(); }
  // Each kind given must match (id or glob: any listed; tags: any listed; no excluded tag).
  bool accepts(const Scenario& scenario) const;
};

std::vector<Scenario> select(std::vector<Scenario> scenarios, const ScenarioFilter& filter);

}  // namespace authreplay::scenario
