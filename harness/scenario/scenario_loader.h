// Strict loading of scenario files: unknown keys (with a did-you-mean), wrong types, missing
// members and impossible values are all json::SourceError, whose what() is "file:line:col:
// message".
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "scenario/client_catalogue.h"
#include "scenario/scenario.h"

namespace authreplay::scenario {

// A "bodyFile" larger than this is an error at its position (docs/scenario-format.md "Limits").
inline constexpr std::size_t kMaxBodyFileBytes = 16 * 1024 * 1024;

// Reads PATH (a regular file of at most text::kMaxInputFileBytes); errors and reports name the
// file as PATH is spelt (as the user gave it). A "bodyFile" must be a regular file of at most
// kMaxBodyFileBytes; one outside the scenario's folder is marked (Request::bodyFileOutsideScenario)
// for the target to allow or refuse.
Scenario loadScenario(const std::filesystem::path& path, const ClientCatalogue& browsers);

// Parses TEXT as if read from FILENAME; "bodyFile" is resolved against BASEDIR.
Scenario parseScenario(std::string_view text, const std::string& fileName,
                       const std::filesystem::path& baseDir, const ClientCatalogue& browsers);

// The names the loader accepts for "client.browser" (browser/ implements each).

}  // namespace authreplay::scenario
