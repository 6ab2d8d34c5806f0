// The baseline file of `authreplay run --baseline FILE`: the scenarios known to fail on a target,
// each with the reason it is accepted and optionally the one check expected to fail, so that a CI
// gate stays green on known failures and still goes red on new ones (docs/scenario-format.md
// "The baseline file"). Loaded strictly like scenario and target files: every error is a
// json::SourceError "file:line:col: message".
//
//   { "version": 1,
//     "expectedFailures": [
//       { "scenario": "seed-000.ie11-empty-post", "check": "step 2 leg 1 status",
//         "reason": "staging still runs the 2019 handler (CHG0042)" } ] }
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "run/check_name.h"
#include "scenario/source_ref.h"

namespace authreplay::run {

inline constexpr int kBaselineVersion = 1;

struct BaselineEntry {
  std::string scenario;            // a scenario id
  std::optional<CheckName> check;  // absent: any failure of the scenario is the expected one
  std::string reason;              // required, non-blank: why the failure is accepted
  scenario::SourceRef where;       // the entry in the file (file:line:col)
};

struct Baseline {
  std::string file;
  std::vector<BaselineEntry> entries;  // at most one per scenario id

  const BaselineEntry* find(const std::string& scenarioId) const;
};

Baseline loadBaselineFile(const std::filesystem::path& path);
Baseline parseBaselineFile(std::string_view text, const std::string& fileName);

// The text of a baseline file listing ENTRIES (their `where` is ignored), as
// `authreplay baseline write` writes it; parseBaselineFile reads it back unchanged.
std::string baselineFileText(const std::vector<BaselineEntry>& entries);

}  // namespace authreplay::run
