// Where the embedded default finds the lab's two programs: `labctl` (fixtures/lab) and `iis-sim`.
// authreplay runs from a build tree (build/bin/authreplay) or from wherever a user copied it, so
// the search tries, in order: the environment override, the build tree the binary sits in, and the
// source and build tree it was compiled from. An override that points nowhere is an error, not a
// reason to fall back: the user asked for that file.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace authreplay::cli {

struct LabTools {
  std::filesystem::path labctl;
  std::filesystem::path iisSim;
};

// Everything the search depends on, so that tests can give it any layout.
struct LabSearch {
  std::optional<std::string> labctlOverride;  // $AUTHREPLAY_LABCTL
  std::optional<std::string> iisSimOverride;  // $AUTHREPLAY_IIS_SIM
  std::filesystem::path executable;           // this authreplay (/proc/self/exe)
  std::filesystem::path sourceDir;            // compile-time: the source tree
  std::filesystem::path builtIisSim;          // compile-time: iis-sim of the same build

  // The search of this process: environment, /proc/self/exe and the compile-time defaults.
  static LabSearch forThisProcess();
};

class LabNotFound : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws LabNotFound naming what is missing, every place it looked and how to fix it.
LabTools locateLabTools(const LabSearch& search);

}  // namespace authreplay::cli
