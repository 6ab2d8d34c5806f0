#include "cli/options.h"

#include <charconv>

namespace authreplay::cli {

std::string usageText() {
  return std::string(R"(usage: authreplay COMMAND [PATHS...] [OPTIONS]

Replays HTTP authentication scenarios (IIS Windows authentication) and checks every leg.

commands:
  run [PATHS...]       run the scenarios (files, or folders searched for *.json; default: scenarios)
  validate [PATHS...]  check scenario files (and --target-file) strictly; nothing is sent
  list [PATHS...]      list scenario ids, tags and titles
  bench [OPTIONS]      measure authentication round trips under load (authreplay bench --help)
  baseline write FILE [PATHS...]
                       run the scenarios like `run` and write FILE, a baseline listing every
                       failing scenario with its first failing check (edit each reason)

selection:
  --id ID              only the scenario with this id (repeatable)
  --glob PATTERN       only ids matching this shell pattern, e.g. 'basics.*' (repeatable)
  --tag TAG            only scenarios with this tag (repeatable)
  --exclude-tag TAG    not the scenarios with this tag (repeatable; after the above)
  --require-all        refuse to run (exit 2) when the target lacks what a selected scenario needs,
                       instead of reporting those scenarios as not applicable

target (without one, `run` starts the lab of fixtures/lab in a private temporary folder, runs
against it and stops it again, also on failure and Ctrl-C):
)") + targetOptionsUsage() +
         R"(  --connect-timeout MS connect timeout in milliseconds (default 3000)

CI gate:
)" + baselineOptionsUsage() +
         R"(
output:
  --report junit:FILE  write a JUnit XML report (repeatable with other formats)
  --report json:FILE   write a JSON report
  --report html:FILE   write a self-contained HTML page: summary and a sequence diagram per scenario
  --report har:FILE    write an HTTP Archive 1.2 (every leg; opens in Fiddler and Chrome DevTools)
  -v, --verbose        show every scenario's legs with their headers (tokens shortened)
  --show-tokens        show authentication tokens in full (Basic credentials are never shown)
  -h, --help           this text
  --version            the version of authreplay and libcurl

exit codes: 0 all passed (or failed as the baseline expects; not applicable and skipped scenarios
do not count), 1 an expectation failed (or, with --strict-baseline, a baseline entry is fixed),
2 invalid input, 3 could not run (never excused)
)";
}

Options parseOptions(const std::vector<std::string>& args) {
  Options options;
  ArgReader reader(args);
  bool haveCommand = false;
  while (!reader.done()) {
    const std::string& name = reader.next();
    const std::string& arg = reader.arg();
    if (name == "-h" || name == "--help") {
      options.command = Command::kHelp;
      return options;
    }
    if (name == "--version") {
      options.command = Command::kVersion;
      return options;
    }
    if (parseTargetOption(reader, options) || parseBaselineOption(reader, options.baseline))
      continue;
    if (name == "--id") {
      options.filter.ids.push_back(reader.value());
    } else if (name == "--glob") {
      options.filter.globs.push_back(reader.value());
    } else if (name == "--tag") {
      options.filter.tags.push_back(reader.value());
    } else if (name == "--exclude-tag") {
      options.filter.excludeTags.push_back(reader.value());
    } else if (name == "--require-all") {
      options.requireAll = true;
    } else if (name == "--report") {
      const auto spec = reader.value();
      const auto file = report::parseReportSpec(spec);
      if (!file) {
        throw UsageError(
            "--report expects FORMAT:FILE with FORMAT junit, json, html or har, got \"" + spec +
            "\"");
      }
      options.reports.push_back(*file);
    } else if (name == "-v" || name == "--verbose") {
      options.verbose = true;
    } else if (name == "--show-tokens") {
      options.showTokens = true;
    } else if (name == "--connect-timeout") {
      const auto text = reader.value();
      long ms = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
      if (ec != std::errc() || ptr != text.data() + text.size() || ms <= 0) {
        throw UsageError("--connect-timeout expects milliseconds (a positive number), got \"" +
                         text + "\"");
      }
      options.connectTimeoutMs = ms;
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError("unknown option " + name + " (see authreplay --help)");
    } else if (!haveCommand) {
      haveCommand = true;
      if (arg == "run")
        options.command = Command::kRun;
      else if (arg == "validate")
        options.command = Command::kValidate;
      else if (arg == "list")
        options.command = Command::kList;
      else if (arg == "help")
        options.command = Command::kHelp;
      else if (arg == "baseline")
        options.command = Command::kBaselineWrite;
      else
        throw UsageError("unknown command \"" + arg +
                         "\" (expected run, validate, list or baseline write)");
    } else if (options.command == Command::kBaselineWrite &&
               takeBaselineWord(arg, options.baseline)) {
      continue;
    } else {
      options.paths.push_back(arg);
    }
  }
  if (!haveCommand)
    throw UsageError("no command given (expected run, validate or list)");
  checkTargetOptions(options);
  checkBaselineOptions(options.baseline, options.command == Command::kBaselineWrite);
  if (options.paths.empty())
    options.paths.push_back("scenarios");
  return options;
}

}  // namespace authreplay::cli
