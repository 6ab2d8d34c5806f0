// Runs build/bin/authreplay as a user would (a shell command line, output to files) and reads its
// JSON report: the integration tests check what users see.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace authreplay::testing {

struct CliRun {
  int exitCode = -1;
  std::string out;
  std::string err;
  nlohmann::json report;  // the --report json: file, when the run wrote one
};

// `authreplay run PATHS... --target-file TARGET --report json:WORK/report.json ARGS...`.
CliRun runAuthreplay(const std::filesystem::path& work, const std::vector<std::string>& args);

std::string readFile(const std::filesystem::path& path);
std::string shellQuote(const std::string& arg);

// The report entry of scenario ID, or null.
nlohmann::json scenarioOf(const nlohmann::json& report, const std::string& id);

}  // namespace authreplay::testing
