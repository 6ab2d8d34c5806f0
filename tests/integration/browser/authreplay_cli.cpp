#include "authreplay_cli.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace authreplay::testing {

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string shellQuote(const std::string& arg) {
  std::string out = "'";
  for (const char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

CliRun runAuthreplay(const std::filesystem::path& work, const std::vector<std::string>& args) {
  const auto report = work / "report.json";
  std::filesystem::remove(report);
  std::string command = shellQuote(AUTHREPLAY_BIN);
  for (const auto& arg : args)
    command += " " + shellQuote(arg);
  command += " --report " + shellQuote("json:" + report.string());
  command += " >" + shellQuote((work / "stdout").string()) + " 2>" +
             shellQuote((work / "stderr").string());
  const int status = std::system(command.c_str());
  CliRun run;
  run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = readFile(work / "stdout");
  run.err = readFile(work / "stderr");
  if (std::filesystem::exists(report))
    run.report = nlohmann::json::parse(readFile(report), nullptr, false);
  return run;
}

nlohmann::json scenarioOf(const nlohmann::json& report, const std::string& id) {
  if (!report.is_object() || !report.contains("scenarios"))
    return nullptr;
  for (const auto& scenario : report.at("scenarios")) {
    if (scenario.value("id", "") == id)
      return scenario;
  }
  return nullptr;
}

}  // namespace authreplay::testing
