// `authreplay bench`: authentication round trips under load (issue 6). Its own options
// (cli/bench_options.h), the target as `run` finds it (--target, --target-file, or the embedded
// lab), the engine in harness/bench, the summary on OUT and the --json file.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace authreplay::cli {

// ARGS are the arguments after "bench". Returns an exit code (exit_codes.h): 0 when every request
// authenticated, 1 when some did not, 2 for invalid input, 3 when nothing could be measured.
int runBenchCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace authreplay::cli
