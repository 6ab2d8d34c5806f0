// Strict loading of target files (docs/scenario-format.md "Target file"; the lab writes one as
// DIR/target.json, docs/lab.md). Relative paths in the file resolve against the file's folder.
// Errors are json::SourceError ("file:line:col: message").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "scenario/target.h"

namespace authreplay::scenario {

Target loadTargetFile(const std::filesystem::path& path);
Target parseTargetFile(std::string_view text, const std::string& fileName,
                       const std::filesystem::path& baseDir);

}  // namespace authreplay::scenario
