// The browsers the harness can be, in one place: their names, what kind of profile each is, the
// scripted ones' default switches (with where each default comes from), and which scenario
// switches apply to which. The scenario loader asks this catalogue (scenario/client_catalogue.h)
// and makeProfile builds from it; adding a browser means one entry in browser_catalogue.cpp (and,
// for a new kind of token, its NtlmInitiator style or producer in auth/).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "browser/browser_switches.h"
#include "browser/profile.h"
#include "scenario/client_catalogue.h"
#include "scenario/scenario.h"

namespace authreplay::browser {

// The catalogue the scenario loader validates "client" blocks against.
const scenario::ClientCatalogue& catalogue();

// The defaults of a scripted browser ("ie11", "edge", "chrome", "dotnet"); throws
// std::invalid_argument for any other name.
BrowserSwitches defaultSwitches(std::string_view browser);

// A scripted browser's defaults with the scenario's overrides applied.
BrowserSwitches resolveSwitches(const scenario::Client& client);

bool isScriptedBrowser(std::string_view browser);

// One profile object per scenario run (or per virtual browser of a bench). Throws
// std::invalid_argument for an unknown browser (the loader accepts only known names, so this is a
// programming error).
std::unique_ptr<Profile> makeProfile(const scenario::Client& client, ClientCredentials credentials);

}  // namespace authreplay::browser
