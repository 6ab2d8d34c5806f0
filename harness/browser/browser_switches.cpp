#include "browser/browser_switches.h"

#include <stdexcept>

namespace authreplay::browser {

bool isScriptedBrowser(const std::string& browser) {
  return browser == "ie11" || browser == "edge" || browser == "chrome" || browser == "dotnet";
}

BrowserSwitches defaultSwitches(const std::string& browser) {
  BrowserSwitches s;
  s.name = browser;
  s.preference = {"Negotiate", "NTLM", "Basic"};
  if (browser == "ie11") {
    // WinINet's NTLM is Windows SSPI (the default ntlmStyle), SPN HTTP/<host> (IIS-FACTS.md §6).
    s.ntlmPreAuth = true;  // DisableNTLMPreAuth is not set by default (KB 2749007)
    s.emptyPost = true;    // IEInternals, Zero-Length Posts
    s.userAgent = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";
  } else if (browser == "chrome") {
    // Chrome waits for a challenge on every request and never withholds a body. Its NTLM is
    // Chromium's own net/ntlm (the portable implementation of Chrome on Linux and macOS; 32-byte
    // Type 1, Type 3 with a MIC), its SPN HttpAuthHandlerNTLM::CreateSPN's.
    s.ntlmStyle = auth::ntlm::ClientStyle::kChromium;
    s.ntlmSpnIncludesPort = true;
    s.userAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36";
  } else if (browser == "edge") {
    // Edge on Windows: Chromium's network stack (no NTLM pre-authentication, no empty POST, like
    // chrome), but its NTLM tokens come from Windows SSPI (HttpAuthSSPI, net/http/
    // http_auth_sspi_win.cc) for the SPN Chromium builds (CreateSPN: HTTP/<host>[:<port>]).
    s.ntlmSpnIncludesPort = true;
    s.userAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
  } else if (browser == "dotnet") {
    // HttpWebRequest: Expect: 100-continue on by default (ServicePointManager.Expect100Continue),
    // PreAuthenticate off, the Type 1 leg of a POST sent with Content-Length: 0. On Windows its
    // NTLM goes through SSPI (System.Net's NTAuthentication over AcquireCredentialsHandle /
    // InitializeSecurityContext), hence the default kWindowsSspi; the SPN is HTTP/<host>.
    s.expectContinue = true;
    s.emptyPost = true;
  } else {
    throw std::invalid_argument("\"" + browser + "\" is not a scripted browser");
  }
  return s;
}

BrowserSwitches resolveSwitches(const scenario::Client& client) {
  auto s = defaultSwitches(client.browser);
  if (!client.schemes.empty())
    s.preference = client.schemes;
  if (client.ntlmPreAuth)
    s.ntlmPreAuth = *client.ntlmPreAuth;
  if (client.emptyPost)
    s.emptyPost = *client.emptyPost;
  if (client.reconnectAfter401)
    s.reconnectAfter401 = *client.reconnectAfter401;
  if (client.expectContinue)
    s.expectContinue = *client.expectContinue;
  if (client.kerberos)
    s.kerberos = *client.kerberos;
  if (client.spnIncludesPort)
    s.spnIncludesPort = *client.spnIncludesPort;
  return s;
}

}  // namespace authreplay::browser
