// Reading a bench --json file back, for `authreplay bench compare`: strictly, through the
// project's JSON loader, so a truncated or hand-edited file is "A.json:12:5: expected a number
// for "p50Us", got string" and not a comparison of zeros. Unknown members are accepted: the file
// is written by a program, not typed by hand, and a later authreplay-bench/1 writer may add
// figures; the "format" member says which layout the rest has.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "bench/bench_figures.h"

namespace authreplay::bench {

// A bench file is a few hundred KiB at most (one histogram's buckets); anything much larger is
// not one, and is refused before it is parsed.
inline constexpr std::size_t kMaxBenchFileBytes = 4 * 1024 * 1024;

// Throws json::SourceError ("file:line:col: message"; 1:1 for a file that cannot be read or is
// too large).
BenchFigures loadBenchFile(const std::filesystem::path& path);
// TEXT as if read from FILE_NAME (the seam the unit tests use).
BenchFigures parseBenchFile(std::string_view text, const std::string& fileName);

}  // namespace authreplay::bench
