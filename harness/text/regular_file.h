// Reading a file that input names (a scenario, a target file, a request body, a password file):
// regular files only, and at most a given size. A FIFO would block the open (and the run) forever,
// /dev/zero would grow until memory runs out, a directory reads as nothing (issue 12); each is a
// clear error instead.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace authreplay::text {

// Scenario, target, baseline and iis-sim config files (docs/scenario-format.md "Limits").
inline constexpr std::size_t kMaxInputFileBytes = 16 * 1024 * 1024;

// The whole of PATH when it is a regular file of at most MAX_BYTES bytes; otherwise nullopt and
// ERROR says why ("cannot read file (No such file or directory)", "not a regular file (a FIFO)",
// "file is 20971520 bytes, more than the limit of 16777216").
std::optional<std::string> readRegularFile(const std::filesystem::path& path, std::size_t maxBytes,
                                           std::string& error);

}  // namespace authreplay::text
