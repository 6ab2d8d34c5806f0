// The scripted browsers (ie11, edge, chrome, dotnet): every leg is one transfer the profile
// decides, with a hand-set Authorization header from an auth::TokenProducer, so each leg is exactly
// what that browser puts on the wire. BrowserSwitches says how the browser behaves; this class
// keeps what it remembers across the steps of a scenario:
//   - the protection spaces that challenged, and how they were answered (pre-authentication and
//     zero-length POSTs happen there: seed 000, seed 001);
//   - each connection's auth state, origin and proxy apart (connection_auth.h): NTLM is
//     connection-based (IIS-FACTS.md §5), so a browser sends later requests on an authenticated
//     connection without a new handshake;
//   - the proxy's authentication: Basic credentials a 407 asked for (sent with every later request
//     through that proxy), or a Negotiate / NTLM handshake with the proxy, which authenticates
//     the connection to it (kept apart from the origin's handshake on the same connection);
//   - the channel binding of each TLS origin (the certificate it presented last), which the
//     tokens sent there carry (BrowserSwitches::channelBinding);
//   - the origins that refused Windows authentication over HTTP/2, which the browser keeps on
//     HTTP/1.1 for the rest of the scenario (BrowserSwitches::http2).
// Kerberos tickets are remembered by GSSAPI in the ccache. No I/O: a driver sends the legs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "auth/token_producer.h"
#include "browser/browser_switches.h"
#include "browser/connection_auth.h"
#include "browser/profile.h"
#include "browser/protection_space.h"

namespace authreplay::browser {

// Makes a token producer for one handshake; auth::makeTokenProducer in real runs, a fake in the
// profile unit tests.
using TokenFactory =
    std::function<auth::Result<std::unique_ptr<auth::TokenProducer>>(const auth::ProducerSpec&)>;

class ScriptedProfile : public Profile {
 public:
  ScriptedProfile(BrowserSwitches switches, ClientCredentials credentials,
                  TokenFactory factory = &auth::makeTokenProducer);

  std::string name() const override { return switches_.name; }
  Decision begin(const http::TransferRequest& step) override;
  Decision onLeg(const LegOutcome& last) override;
  void onTransferFailed() override;
  std::vector<std::string> takeNotes() override { return std::exchange(notes_, {}); }

  const BrowserSwitches& switches() const { return switches_; }
  // The auth state of connection ID (for tests and diagnostics).
  ConnectionAuth connectionState(long id) const { return connections_.get(id); }

 private:
  struct Handshake {
    std::unique_ptr<auth::TokenProducer> producer;
    auth::Scheme scheme = auth::Scheme::kNtlm;
    std::string mechanism;  // from the first token's label: "NTLM", "Kerberos", ""
  };
  // What the next leg carries.
  struct LegPlan {
    std::optional<std::string> authorization;
    std::optional<std::string> proxyAuthorization;  // a Negotiate / NTLM token for the proxy
    bool emptyBody = false;                         // Content-Length: 0 instead of the step's body
    bool fresh = false;                             // a new connection, the older ones closed
  };
  // The step under way.
  struct Step {
    http::TransferRequest request;
    UrlParts url;
    std::string route;  // "origin" or the proxy URL: where lastConnection_ is kept
    bool bodyPending = false;
    LegPlan plan;
    std::optional<Handshake> handshake;       // with the origin (401, WWW-Authenticate)
    std::optional<Handshake> proxyHandshake;  // with the proxy (407, Proxy-Authenticate)
    bool proxyAnswered = false;               // a 407 was answered with Basic
    int legs = 0;
  };

  bool canUse(auth::Scheme scheme) const;
  bool canUseWithProxy(auth::Scheme scheme, const http::ProxyCredentials& proxy) const;
  std::optional<auth::Scheme> chooseScheme(const std::vector<auth::Scheme>& offered) const;
  // What every handshake of this browser towards SERVER starts from: the mechanism for SCHEME, the
  // Kerberos ticket, the host and port of the SPN, the browser's NTLM style; no credentials.
  auth::ProducerSpec baseSpec(auth::Scheme scheme, const UrlParts& server) const;
  // What a handshake for SCHEME towards the origin URL is made from (the client's credentials).
  auth::ProducerSpec originSpec(auth::Scheme scheme, const UrlParts& url);
  // The same towards the forward proxy PROXY_URL, with the target's proxy credentials.
  auth::ProducerSpec proxySpec(auth::Scheme scheme, const UrlParts& proxyUrl,
                               const http::ProxyCredentials& proxy) const;
  // Starts a handshake for SCHEME towards URL; the plan's Authorization is its first token.
  std::optional<std::string> startHandshake(auth::Scheme scheme, const UrlParts& url,
                                            std::optional<Handshake>& handshake);
  // Makes the producer for SPEC and its first token into HANDSHAKE; nullopt (lastError_ says why)
  // when none could be made.
  std::optional<std::string> startWith(const auth::ProducerSpec& spec, auth::Scheme scheme,
                                       std::optional<Handshake>& handshake);
  // Answers a 407 of the step's proxy; nullopt when the browser cannot (the step ends on it).
  std::optional<Decision> answerProxy(Step& step, const LegOutcome& response);
  // The server answered the step's Kerberos AP-REQ with a 401 (a KRB-ERROR, a SPNEGO reject, or
  // fresh offers): the browser falls back to the next scheme it may use, or shows the 401.
  Decision kerberosRefused(Step& step, const LegOutcome& response,
                           const std::optional<std::string>& challenge);
  // Starts the handshake of SCHEME the 401 RESPONSE asked for (the step's first challenge, or the
  // fallback after a refused Kerberos ticket) and decides the leg that carries its first token.
  Decision answer401(Step& step, auth::Scheme scheme);
  // Remembers the certificate a TLS origin presented on this leg (its channel binding).
  void rememberCertificate(const UrlParts& url, const LegOutcome& response);
  // Decides whether the first leg pre-authenticates; an error message when no token could be made.
  std::optional<std::string> planFirstLeg(Step& step);
  http::TransferRequest legRequest(const Step& step);
  // What the browser asks URL's origin for: HTTP/1.1 once the origin required it.
  http::HttpVersionPolicy versionFor(const UrlParts& url) const;
  // URL's origin refused Windows authentication over HTTP/2 (WHY): it stays on HTTP/1.1 (Chromium's
  // HttpServerProperties::SetHTTP11Required), said once in the notes.
  void requireHttp11(const UrlParts& url, const std::string& why);
  // NTOWFv1 of the password, computed once: the browser's credential cache (Windows keeps the
  // hash for the logon session, MS-NLMP 3.1.1.1), not one MD4 per handshake.
  std::optional<auth::ntlm::crypto::Digest16> ntHash();
  Decision next(Step& step);
  // The step ends here (StepDone), with nothing more to send.
  Decision endStep();

  BrowserSwitches switches_;
  ClientCredentials credentials_;
  TokenFactory factory_;

  ChallengedSpaces spaces_;
  ConnectionStates connections_;
  std::map<std::string, long> lastConnection_;    // route -> connection id
  std::map<std::string, std::string> proxyAuth_;  // proxy URL -> Basic Proxy-Authorization
  // TLS origin -> the certificate it presented last (DER) and its tls-server-end-point binding.
  struct OriginBinding {
    std::vector<std::uint8_t> certificate;
    std::vector<std::uint8_t> applicationData;  // empty: no binding (a hash-less signature)
  };
  std::map<std::string, OriginBinding> bindings_;
  std::set<std::string> http11Origins_;  // origins kept on HTTP/1.1
  bool reconnectNextStep_ = false;       // the last step asked to close its connection
  std::string lastError_;                // why startHandshake() made no token
  std::vector<std::string> notes_;       // for takeNotes()
  std::optional<Step> step_;
  std::optional<auth::ntlm::crypto::Digest16> ntHash_;
  std::optional<auth::ntlm::crypto::Digest16> ntlmV2Key_;  // NTOWFv2 of the same credentials
};

}  // namespace authreplay::browser
