#include "cli/lab_locator.h"

#include <unistd.h>

#include <cstdlib>

#ifndef AUTHREPLAY_SOURCE_DIR
#define AUTHREPLAY_SOURCE_DIR ""
#endif
#ifndef AUTHREPLAY_BUILT_IIS_SIM
#define AUTHREPLAY_BUILT_IIS_SIM ""
#endif

namespace authreplay::cli {

namespace fs = std::filesystem;

namespace {

bool isExecutableFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    return std::nullopt;
  return std::string(value);
}

struct Tool {
  const char* name;         // "labctl"
  const char* envVariable;  // "AUTHREPLAY_LABCTL"
  const char* hint;         // how to provide it
};

fs::path find(const Tool& tool, const std::optional<std::string>& override,
              const std::vector<fs::path>& candidates) {
  if (override) {
    if (isExecutableFile(*override))
      return fs::absolute(*override);
    throw LabNotFound(std::string("cannot start the embedded lab: ") + tool.envVariable + "=" +
                      *override + " is not an executable file");
  }
  std::string looked;
  for (const auto& candidate : candidates) {
    if (candidate.empty())
      continue;
    if (isExecutableFile(candidate))
      return candidate.lexically_normal();
    looked += "\n  " + candidate.lexically_normal().string();
  }
  throw LabNotFound(std::string("cannot start the embedded lab: no ") + tool.name +
                    " found; looked at:" + looked + "\n" + tool.hint + ", set " + tool.envVariable +
                    "=/path/to/" + tool.name +
                    ", or run against a server with --target URL / --target-file FILE");
}

}  // namespace

LabSearch LabSearch::forThisProcess() {
  LabSearch search;
  search.labctlOverride = env("AUTHREPLAY_LABCTL");
  search.iisSimOverride = env("AUTHREPLAY_IIS_SIM");
  std::error_code ec;
  search.executable = fs::read_symlink("/proc/self/exe", ec);
  search.sourceDir = AUTHREPLAY_SOURCE_DIR;
  search.builtIisSim = AUTHREPLAY_BUILT_IIS_SIM;
  return search;
}

LabTools locateLabTools(const LabSearch& search) {
  // build/bin/authreplay inside the source tree: the repository is two folders up.
  const auto binDir = search.executable.empty() ? fs::path() : search.executable.parent_path();
  const auto besideBuild = binDir.empty() ? fs::path() : binDir.parent_path().parent_path();

  LabTools tools;
  tools.labctl =
      find({"labctl", "AUTHREPLAY_LABCTL", "fixtures/lab/labctl comes with the source tree"},
           search.labctlOverride,
           {besideBuild.empty() ? fs::path() : besideBuild / "fixtures/lab/labctl",
            search.sourceDir.empty() ? fs::path() : search.sourceDir / "fixtures/lab/labctl"});
  tools.iisSim =
      find({"iis-sim", "AUTHREPLAY_IIS_SIM", "build it (cmake --build build --target iis-sim)"},
           search.iisSimOverride,
           {binDir.empty() ? fs::path() : binDir / "iis-sim", search.builtIisSim,
            search.sourceDir.empty() ? fs::path() : search.sourceDir / "build/bin/iis-sim"});
  return tools;
}

}  // namespace authreplay::cli
