#include "cli/target_options.h"

namespace authreplay::cli {

bool parseTargetOption(ArgReader& reader, TargetOptions& options) {
  const std::string& name = reader.name();
  if (name == "--target") {
    options.targetUrl = reader.value();
  } else if (name == "--target-file") {
    options.targetFile = reader.value();
  } else if (name == "--password-env") {
    options.password.env = reader.value();
  } else if (name == "--password-file") {
    options.password.file = reader.value();
  } else if (name == "--user") {
    options.user = reader.value();
    if (options.user.find(':') != std::string::npos) {
      throw UsageError(
          "--user takes a user name only (DOMAIN\\user); the password comes from "
          "--password-env or --password-file");
    }
  } else if (name == "--password" || name == "-u") {
    throw UsageError(name +
                     " is not accepted: a password on the command line ends up in shell history "
                     "and process lists; use --password-env VAR or --password-file FILE");
  } else if (name == "--cacert") {
    options.caFile = reader.value();
  } else if (name == "--insecure" || name == "-k") {
    options.insecure = true;
  } else if (name == "--keep-lab") {
    options.keepLab = true;
  } else {
    return false;
  }
  return true;
}

void checkTargetOptions(const TargetOptions& options) {
  if (!options.targetUrl.empty() && !options.targetFile.empty())
    throw UsageError("give --target or --target-file, not both");
  if (options.keepLab && !options.usesEmbeddedLab())
    throw UsageError("--keep-lab applies to the embedded lab only, not to --target/--target-file");
}

const char* targetOptionsUsage() {
  return R"(  --target URL         the server, e.g. http://localhost:8080 (origin "default")
  --target-file FILE   a target file (docs/scenario-format.md), e.g. the lab's DIR/target.json
  --keep-lab           leave the embedded lab running afterwards (prints its folder and how to
                       stop it)
  --user DOMAIN\USER   the user (overrides the target file's credentials.user)
  --password-env VAR   read the password from environment variable VAR
  --password-file F    read the password from file F (passwords are never given on the command line)
  --cacert FILE        CA certificates for TLS (verification is on unless --insecure)
  --insecure           do not verify the server's TLS certificate
)";
}

}  // namespace authreplay::cli
