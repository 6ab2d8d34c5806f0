// What the scenario loader needs to know about the browsers a scenario's "client" may name. The
// catalogue itself (names, defaults, which switches apply) lives in browser/ alone
// (browser/browser_catalogue.h); it sits above this layer, so it is handed to the loader.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::scenario {

struct BrowserTraits {
  bool scripted = false;      // takes the scripted switches (ntlmPreAuth, emptyPost, ...)
  bool takesSchemes = false;  // "schemes": which schemes it may answer, in order
  bool takesPreAuth = false;  // "preAuth": libcurl's own pre-authentication
};

class ClientCatalogue {
 public:
  virtual ~ClientCatalogue() = default;
  // nullopt for a browser the harness does not know.
  virtual std::optional<BrowserTraits> traits(std::string_view browser) const = 0;
  // Every known browser, in the order docs and error messages list them.
  virtual std::vector<std::string> names() const = 0;
};

}  // namespace authreplay::scenario
