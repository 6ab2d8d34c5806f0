// What a scripted browser does, switch by switch, with each browser's defaults and where they come
// from. A scenario's "client" overrides any of them (docs/scenario-format.md "client").
#pragma once

#include <string>
#include <vector>

#include "auth/ntlm/ntlm_initiator.h"
#include "auth/scheme.h"
#include "http/transfer.h"
#include "scenario/scenario.h"

namespace authreplay::browser {

struct BrowserSwitches {
  std::string name;  // "ie11", "edge", "chrome", "dotnet"
  // The schemes the browser answers a 401 with, in its order of preference: it picks the first of
  // these the server offers (IIS-FACTS.md §6: "IE answers the 401 with the first provider it
  // supports"; seed 003: Negotiate first, NTLM otherwise).
  std::vector<auth::Scheme> preference;
  // NTLM pre-authentication (IE 5+, on unless DisableNTLMPreAuth = 1; seed 001, KB 2749007): in a
  // protection space that has challenged before, the first leg of a request already carries the
  // handshake's first token when it goes on a connection not yet authenticated.
  bool ntlmPreAuth = false;
  // IEInternals "Challenge-Response Authentication and Zero-Length Posts" (seed 000, KB 251404):
  // a POST that expects a challenge goes with Content-Length: 0 and the Type 1; the body follows
  // only after the 401. .NET's HttpWebRequest does the same on its Type 1 leg (IIS-FACTS.md §6).
  bool emptyPost = false;
  // Seed 000 root cause A.b: after the anonymous request's 401 "the client closes the TCP
  // connection, opens a new one" for the Type 1.
  bool reconnectAfter401 = false;
  // .NET HttpWebRequest sends POST/PUT bodies with Expect: 100-continue (IIS-FACTS.md §6).
  bool expectContinue = false;
  // Kerberos may be used when the client has a ticket (ccache / keytab). false: the client has no
  // ticket, so Negotiate falls back to NTLM inside SPNEGO (seed 003, comment 5).
  bool kerberos = true;
  // The Kerberos SPN: HTTP/<host> as IE builds it; HTTP/<host>:<port> when set (IIS-FACTS.md §6).
  bool spnIncludesPort = false;
  // The Kerberos SPN is built from the canonical name the client's DNS gives for the URL's host
  // (the end of its CNAME chain), not from the host as typed: Chromium resolves it first
  // (HttpAuthHandlerNegotiate::DoResolveCanonicalName unless the DisableAuthNegotiateCnameLookup
  // policy is set) and so do IE and WinINet (KB 911149: the SPN of the A record's name, not the
  // CNAME's). libcurl uses the URL's host. So does this switch for .NET's HttpWebRequest: that it
  // canonicalizes as WinINet does is *unconfirmed*, and left off. NTLM's MsvAvTargetName keeps the
  // URL's host either way.
  bool cnameLookup = true;
  // Whose NTLM messages the browser sends (auth/ntlm/ntlm_initiator.h): Windows SSPI (ie11, edge,
  // dotnet) or Chromium's portable net/ntlm (chrome). Not a scenario switch: it is the browser.
  auth::ntlm::ClientStyle ntlmStyle = auth::ntlm::ClientStyle::kWindowsSspi;
  // NTLM's MsvAvTargetName with the port unless 80/443, as Chromium's
  // HttpAuthHandlerNTLM::CreateSPN builds it (chrome, edge); IE and .NET send HTTP/<host>.
  bool ntlmSpnIncludesPort = false;
  // Over TLS, every NTLM and Kerberos token carries the channel binding of the connection it goes
  // on: RFC 5929's tls-server-end-point (the hash of the server's certificate) in NTLM's
  // MsvAvChannelBindings (MS-NLMP 2.2.2.1, 3.1.5.1.2) and in the Kerberos authenticator's
  // checksum (RFC 4121 4.1.1.2), which IIS's Extended Protection checks. Windows SSPI adds it
  // for IE 11, Edge and .NET's HttpWebRequest ("Extended Protection for Authentication
  // Overview"); Chromium computes it on every platform (HttpAuthHandlerNTLM::Init and
  // HttpAuthHandlerNegotiate::Init call x509_util::GetTLSServerEndPointChannelBinding on the
  // connection's SSLInfo, and net/ntlm's NtlmClient puts it in the Type 3), so chrome sends it too.
  bool channelBinding = true;
  // The browser may use NTLM, as its own scheme and inside Negotiate. false: a client that refuses
  // it, as Windows does with "Network security: Restrict NTLM: Outgoing NTLM traffic to remote
  // servers" = Deny all (and, announced, by default in the next Windows Server), and libcurl 8.22+
  // inside SPNEGO: Negotiate then works with a Kerberos ticket or not at all.
  bool ntlm = true;
  // HTTP/2 on https origins. IE 11 on Windows 10, Edge and Chrome negotiate h2 by ALPN and, when
  // the server refuses Windows authentication on it (RST_STREAM HTTP_1_1_REQUIRED, or a 401 over
  // h2 whose scheme is connection-based), send the request again on a new HTTP/1.1 connection and
  // keep the origin on HTTP/1.1 from then on (Chromium: HttpServerProperties::SetHTTP11Required in
  // HttpNetworkTransaction::HandleHttp11Required and PrepareForAuthRestart, "NeedsHTTP11"; IE and
  // Edge the same: dotnet/corefx #35195). .NET's HttpWebRequest speaks HTTP/1.1 only (kOff);
  // HttpClient with Version 2.0 and RequestVersionExact never falls back (kExact: kiota-dotnet
  // #565, dotnet/runtime #1582).
  scenario::Http2Use http2 = scenario::Http2Use::kFallback;
  // What the browser does when the server refuses its Kerberos ticket (a 401 to the AP-REQ, with
  // the acceptor's KRB-ERROR in `WWW-Authenticate: Negotiate <token>`). true: it gives Negotiate
  // up for the request and answers the next scheme the 401 offers, NTLM, without a prompt
  // (Chromium: HttpAuthController::HandleGenerateTokenResult disables the scheme when the
  // security library fails on the server's token, ERR_UNEXPECTED_SECURITY_LIBRARY_STATUS and
  // kin, and HandleAuthChallenge picks the next challenge). false: it shows the 401; IE prompts
  // for credentials ("Troubleshoot Kerberos failures in Internet Explorer": three prompts, then
  // 401), HttpWebRequest returns it.
  bool nextSchemeAfterKerberosRefused = false;
  // The User-Agent the browser sends (unless the scenario sets one); empty: none.
  std::string userAgent;
};

// The transfer's HTTP version policy for USE.
http::HttpVersionPolicy versionPolicy(scenario::Http2Use use);

// DEFAULTS (a scripted browser's, browser_catalogue.h) with the scenario client's overrides.
BrowserSwitches applyOverrides(BrowserSwitches defaults, const scenario::Client& client);

}  // namespace authreplay::browser
