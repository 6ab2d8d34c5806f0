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

// Reads PATH; errors and reports name the file as PATH is spelt (as the user gave it).
Scenario loadScenario(const std::filesystem::path& path, const ClientCatalogue& browsers);

// Parses TEXT as if read from FILENAME; "bodyFile" is resolved against BASEDIR.
Scenario parseScenario(std::string_view text, const std::string& fileName,
                       const std::filesystem::path& baseDir, const ClientCatalogue& browsers);

// The names the loader accepts for "client.browser" (browser/ implements each).

}  // namespace authreplay::scenario
