#include "browser/browser_catalogue.h"

#include <array>
#include <stdexcept>

#include "browser/curl_profile.h"
#include "browser/scripted_profile.h"

namespace authreplay::browser {

namespace {

enum class Kind { kLibcurl, kBasicOnly, kAnonymous, kScripted };

struct Entry {
  std::string_view name;
  Kind kind;
  BrowserSwitches (*defaults)();  // scripted browsers only
};

BrowserSwitches common(std::string_view name) {
  BrowserSwitches s;
  s.name = std::string(name);
  s.preference = {auth::Scheme::kNegotiate, auth::Scheme::kNtlm, auth::Scheme::kBasic};
  return s;
}

BrowserSwitches ie11() {
  // WinINet's NTLM is Windows SSPI (the default ntlmStyle), SPN HTTP/<host> (IIS-FACTS.md §6).
  auto s = common("ie11");
  s.ntlmPreAuth = true;  // DisableNTLMPreAuth is not set by default (KB 2749007)
  s.emptyPost = true;    // IEInternals, Zero-Length Posts
  s.userAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";
  return s;
}

BrowserSwitches chrome() {
  // Chrome waits for a challenge on every request and never withholds a body. Its NTLM is
  // Chromium's own net/ntlm (the portable implementation of Chrome on Linux and macOS; 32-byte
  // Type 1, Type 3 with a MIC), its SPN HttpAuthHandlerNTLM::CreateSPN's.
  auto s = common("chrome");
  s.ntlmStyle = auth::ntlm::ClientStyle::kChromium;
  s.ntlmSpnIncludesPort = true;
  s.nextSchemeAfterKerberosRefused = true;
  s.userAgent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Safari/537.36";
  return s;
}

BrowserSwitches edge() {
  // Edge on Windows: Chromium's network stack (no NTLM pre-authentication, no empty POST, like
  // chrome), but its NTLM tokens come from Windows SSPI (HttpAuthSSPI, net/http/
  // http_auth_sspi_win.cc) for the SPN Chromium builds (CreateSPN: HTTP/<host>[:<port>]).
  auto s = common("edge");
  s.ntlmSpnIncludesPort = true;
  s.nextSchemeAfterKerberosRefused = true;
  s.userAgent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
  return s;
}

BrowserSwitches dotnet() {
  // HttpWebRequest: Expect: 100-continue on by default (ServicePointManager.Expect100Continue),
  // PreAuthenticate off, the Type 1 leg of a POST sent with Content-Length: 0. On Windows its
  // NTLM goes through SSPI (System.Net's NTAuthentication over AcquireCredentialsHandle /
  // InitializeSecurityContext), hence the default kWindowsSspi; the SPN is HTTP/<host>.
  auto s = common("dotnet");
  s.expectContinue = true;
  s.emptyPost = true;
  s.http2 = scenario::Http2Use::kOff;  // HttpWebRequest has no HTTP/2
  s.cnameLookup = false;               // unconfirmed that it canonicalizes (browser_switches.h)
  return s;
}

// In the order docs and error messages list them.
constexpr std::array<Entry, 7> kBrowsers = {{
    {"curl", Kind::kLibcurl, nullptr},
    {"anonymous", Kind::kAnonymous, nullptr},
    // A client that can do Basic only (seed 002: "an older, non-Internet Explorer client").
    {"basic", Kind::kBasicOnly, nullptr},
    {"ie11", Kind::kScripted, &ie11},
    {"edge", Kind::kScripted, &edge},
    {"chrome", Kind::kScripted, &chrome},
    {"dotnet", Kind::kScripted, &dotnet},
}};

const Entry* find(std::string_view name) {
  for (const auto& entry : kBrowsers) {
    if (entry.name == name)
      return &entry;
  }
  return nullptr;
}

class Catalogue : public scenario::ClientCatalogue {
 public:
  std::optional<scenario::BrowserTraits> traits(std::string_view browser) const override {
    const auto* entry = find(browser);
    if (!entry)
      return std::nullopt;
    scenario::BrowserTraits t;
    t.scripted = entry->kind == Kind::kScripted;
    t.takesSchemes = entry->kind == Kind::kScripted || entry->kind == Kind::kLibcurl;
    t.takesPreAuth = entry->kind == Kind::kLibcurl;
    return t;
  }
  std::vector<std::string> names() const override {
    std::vector<std::string> out;
    for (const auto& entry : kBrowsers)
      out.emplace_back(entry.name);
    return out;
  }
};

}  // namespace

const scenario::ClientCatalogue& catalogue() {
  static const Catalogue instance;
  return instance;
}

bool isScriptedBrowser(std::string_view browser) {
  const auto* entry = find(browser);
  return entry && entry->kind == Kind::kScripted;
}

BrowserSwitches defaultSwitches(std::string_view browser) {
  const auto* entry = find(browser);
  if (!entry || entry->kind != Kind::kScripted)
    throw std::invalid_argument("\"" + std::string(browser) + "\" is not a scripted browser");
  return entry->defaults();
}

BrowserSwitches resolveSwitches(const scenario::Client& client) {
  return applyOverrides(defaultSwitches(client.browser), client);
}

std::unique_ptr<Profile> makeProfile(const scenario::Client& client,
                                     ClientCredentials credentials) {
  const auto* entry = find(client.browser);
  if (!entry)
    throw std::invalid_argument("unknown browser profile \"" + client.browser + "\"");
  if (client.credentials == scenario::Credentials::kNone)
    credentials = ClientCredentials{};
  // curl's own default on https: CURL_HTTP_VERSION_2TLS since 7.62, with libcurl's retry on
  // HTTP/1.1 after HTTP_1_1_REQUIRED (curl #3341, #3696).
  const auto http2 = versionPolicy(client.http2.value_or(scenario::Http2Use::kFallback));
  switch (entry->kind) {
    case Kind::kAnonymous:
      return std::make_unique<CurlProfile>(std::vector<auth::Scheme>{}, std::nullopt,
                                           ClientCredentials{}, "anonymous", true, http2);
    case Kind::kBasicOnly:
      return std::make_unique<CurlProfile>(std::vector{auth::Scheme::kBasic}, std::nullopt,
                                           std::move(credentials), "basic", false, http2);
    case Kind::kLibcurl:
      return std::make_unique<CurlProfile>(client.schemes, client.preAuth, std::move(credentials),
                                           "curl", false, http2);
    case Kind::kScripted:
      return std::make_unique<ScriptedProfile>(resolveSwitches(client), std::move(credentials));
  }
  throw std::invalid_argument("unknown browser profile \"" + client.browser + "\"");
}

}  // namespace authreplay::browser
