#include "cli/target_selection.h"

#include "json/source_document.h"
#include "scenario/http_url.h"
#include "scenario/target_file.h"

namespace authreplay::cli {

TargetSelection selectionOf(const TargetOptions& options) {
  TargetSelection selection;
  selection.file = options.targetFile;
  selection.url = options.targetUrl;
  selection.user = options.user;
  selection.caFile = options.caFile;
  selection.insecure = options.insecure;
  return selection;
}

std::optional<scenario::Target> loadTarget(const TargetSelection& selection, std::ostream& err) {
  scenario::Target target;
  if (!selection.file.empty()) {
    try {
      target = scenario::loadTargetFile(selection.file);
    } catch (const json::SourceErrors& e) {
      for (const auto& error : e.all())
        err << error.what() << "\n";
      return std::nullopt;
    } catch (const json::SourceError& e) {
      err << e.what() << "\n";
      return std::nullopt;
    }
  } else if (!selection.url.empty()) {
    if (selection.url.size() > scenario::kMaxUrlBytes) {
      err << "error: --target is " << selection.url.size() << " bytes long, more than the limit of "
          << scenario::kMaxUrlBytes << "\n";
      return std::nullopt;
    }
    if (!(selection.originOnly ? scenario::isHttpOrigin(selection.url)
                               : scenario::isHttpUrl(selection.url))) {
      err << (selection.originOnly
                  ? "error: --target expects an origin such as http://localhost:8080 (the path "
                    "goes in --path), got \""
                  : "error: --target expects an http:// or https:// URL, got \"")
          << selection.url << "\"\n";
      return std::nullopt;
    }
    target = scenario::targetFromUrl(selection.url);
  } else {
    err << "error: no target: give --target URL or --target-file FILE (e.g. the lab's "
           "DIR/target.json after `fixtures/lab/labctl up DIR`)\n";
    return std::nullopt;
  }
  if (!selection.user.empty())
    target.credentials.user = selection.user;
  if (!selection.caFile.empty())
    target.caFile = selection.caFile;
  if (selection.insecure)
    target.insecure = true;
  if (selection.connectTimeout)
    target.connectTimeout = *selection.connectTimeout;
  return target;
}

}  // namespace authreplay::cli
