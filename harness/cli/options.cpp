#include "cli/options.h"

#include <charconv>

namespace authreplay::cli {

namespace {

class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}
  bool done() const { return index_ >= args_.size(); }
  const std::string& next() { return args_[index_++]; }
  // The value of OPTION: "--opt value" or "--opt=value".
  std::string value(const std::string& option, const std::optional<std::string>& inline_) {
    if (inline_)
      return *inline_;
    if (done())
      throw UsageError(option + " needs a value");
    return next();
  }

 private:
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
};

}  // namespace

const char* usageText() {
  return R"(usage: authreplay COMMAND [PATHS...] [OPTIONS]

Replays HTTP authentication scenarios (IIS Windows authentication) and checks every leg.

commands:
  run [PATHS...]       run the scenarios (files, or folders searched for *.json; default: scenarios)
  validate [PATHS...]  check scenario files (and --target-file) strictly; nothing is sent
  list [PATHS...]      list scenario ids, tags and titles
  bench [OPTIONS]      measure authentication round trips under load (authreplay bench --help)

selection:
  --id ID              only the scenario with this id (repeatable)
  --glob PATTERN       only ids matching this shell pattern, e.g. 'basics.*' (repeatable)
  --tag TAG            only scenarios with this tag (repeatable)

target (without one, `run` starts the lab of fixtures/lab in a private temporary folder, runs
against it and stops it again, also on failure and Ctrl-C):
  --target URL         the server, e.g. http://localhost:8080 (origin "default")
  --target-file FILE   a target file (docs/scenario-format.md), e.g. the lab's DIR/target.json
  --keep-lab           leave that lab running after the run (prints its folder and how to stop it)
  --user DOMAIN\USER   the user (overrides the target file's credentials.user)
  --password-env VAR   read the password from environment variable VAR
  --password-file F    read the password from file F (passwords are never given on the command line)
  --cacert FILE        CA certificates for TLS (verification is on unless --insecure)
  --insecure           do not verify the server's TLS certificate
  --connect-timeout MS connect timeout in milliseconds (default 3000)

output:
  --report junit:FILE  write a JUnit XML report (repeatable with other formats)
  --report json:FILE   write a JSON report
  --report html:FILE   write a self-contained HTML page: summary and a sequence diagram per scenario
  -v, --verbose        show every scenario's legs with their headers (tokens shortened)
  --show-tokens        show authentication tokens in full (Basic credentials are never shown)
  -h, --help           this text
  --version            the version of authreplay and libcurl

exit codes: 0 all passed, 1 an expectation failed, 2 invalid input, 3 could not run
)";
}

Options parseOptions(const std::vector<std::string>& args) {
  Options options;
  ArgReader reader(args);
  bool haveCommand = false;
  while (!reader.done()) {
    const std::string arg = reader.next();
    std::string name = arg;
    std::optional<std::string> inlineValue;
    if (arg.rfind("--", 0) == 0) {
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        inlineValue = arg.substr(eq + 1);
      }
    }
    if (name == "-h" || name == "--help") {
      options.command = Command::kHelp;
      return options;
    }
    if (name == "--version") {
      options.command = Command::kVersion;
      return options;
    }
    if (name == "--id") {
      options.filter.ids.push_back(reader.value(name, inlineValue));
    } else if (name == "--glob") {
      options.filter.globs.push_back(reader.value(name, inlineValue));
    } else if (name == "--tag") {
      options.filter.tags.push_back(reader.value(name, inlineValue));
    } else if (name == "--target") {
      options.targetUrl = reader.value(name, inlineValue);
    } else if (name == "--target-file") {
      options.targetFile = reader.value(name, inlineValue);
    } else if (name == "--password-env") {
      options.password.env = reader.value(name, inlineValue);
    } else if (name == "--password-file") {
      options.password.file = reader.value(name, inlineValue);
    } else if (name == "--user") {
      options.user = reader.value(name, inlineValue);
      if (options.user.find(':') != std::string::npos) {
        throw UsageError(
            "--user takes a user name only (DOMAIN\\user); the password comes from "
            "--password-env or --password-file");
      }
    } else if (name == "--password" || name == "-u") {
      throw UsageError(name +
                       " is not accepted: a password on the command line ends up in shell history "
                       "and process lists; use --password-env VAR or --password-file FILE");
    } else if (name == "--report") {
      const auto spec = reader.value(name, inlineValue);
      const auto file = report::parseReportSpec(spec);
      if (!file) {
        throw UsageError("--report expects FORMAT:FILE with FORMAT junit, json or html, got \"" +
                         spec + "\"");
      }
      options.reports.push_back(*file);
    } else if (name == "--keep-lab") {
      options.keepLab = true;
    } else if (name == "-v" || name == "--verbose") {
      options.verbose = true;
    } else if (name == "--show-tokens") {
      options.showTokens = true;
    } else if (name == "--cacert") {
      options.caFile = reader.value(name, inlineValue);
    } else if (name == "--insecure" || name == "-k") {
      options.insecure = true;
    } else if (name == "--connect-timeout") {
      const auto text = reader.value(name, inlineValue);
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
      else
        throw UsageError("unknown command \"" + arg + "\" (expected run, validate or list)");
    } else {
      options.paths.push_back(arg);
    }
  }
  if (!haveCommand)
    throw UsageError("no command given (expected run, validate or list)");
  if (!options.targetUrl.empty() && !options.targetFile.empty()) {
    throw UsageError("give --target or --target-file, not both");
  }
  if (options.keepLab && !options.usesEmbeddedLab())
    throw UsageError("--keep-lab applies to the embedded lab only, not to --target/--target-file");
  if (options.paths.empty())
    options.paths.push_back("scenarios");
  return options;
}

}  // namespace authreplay::cli
