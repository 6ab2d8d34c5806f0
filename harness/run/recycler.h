// Recycles an IIS application between steps, as an operator would (KB 2749007: the first request an
// application gets after a recycle is the one kernel-mode authentication treats specially): a call
// to the target's recycle URL (iis-sim's admin listener: POST /recycle?site=...&app=...) or a
// command (e.g. `appcmd recycle apppool ...` over ssh for a staging IIS).
#pragma once

#include <optional>
#include <string>

#include "scenario/target.h"

namespace authreplay::run {

// nullopt on success; otherwise why it failed.
std::optional<std::string> recycleApplication(const scenario::Target& target,
                                              const std::string& origin, const std::string& app);

// {site} and {app} replaced; URL_ENCODE percent-encodes the values (for the URL form).
std::string expandRecycleTemplate(const std::string& text, const std::string& site,
                                  const std::string& app, bool urlEncode);

}  // namespace authreplay::run
