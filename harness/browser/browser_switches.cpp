#include "browser/browser_switches.h"

namespace authreplay::browser {

BrowserSwitches applyOverrides(BrowserSwitches s, const scenario::Client& client) {
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
  if (client.cnameLookup)
    s.cnameLookup = *client.cnameLookup;
  if (client.channelBinding)
    s.channelBinding = *client.channelBinding;
  if (client.ntlm)
    s.ntlm = *client.ntlm;
  if (client.http2)
    s.http2 = *client.http2;
  return s;
}

http::HttpVersionPolicy versionPolicy(scenario::Http2Use use) {
  switch (use) {
    case scenario::Http2Use::kOff:
      return http::HttpVersionPolicy::kHttp11;
    case scenario::Http2Use::kFallback:
      return http::HttpVersionPolicy::kHttp2;
    case scenario::Http2Use::kExact:
      return http::HttpVersionPolicy::kHttp2Exact;
  }
  return http::HttpVersionPolicy::kHttp11;
}

}  // namespace authreplay::browser
