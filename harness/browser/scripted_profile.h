// The scripted browsers (ie11, edge, chrome, dotnet): every leg is one transfer the profile decides
// and sends through http::Transport with a hand-set Authorization header from an
// auth::TokenProducer, so each leg is exactly what that browser puts on the wire. BrowserSwitches
// says how the browser behaves; this class keeps what it remembers across the steps of a scenario:
//   - the protection spaces that challenged, and how they were answered (pre-authentication and
//     zero-length POSTs happen there: seed 000, seed 001);
//   - the connections it authenticated (NTLM is connection-based, IIS-FACTS.md §5: a browser sends
//     later requests on such a connection without a new handshake);
//   - the proxy credentials a 407 asked for (sent with every later request through that proxy).
// Kerberos tickets are remembered by GSSAPI in the ccache.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "auth/token_producer.h"
#include "browser/browser_switches.h"
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
  http::TransferResult send(const http::TransferRequest& request,
                            http::Transport& transport) override;

  const BrowserSwitches& switches() const { return switches_; }

 private:
  struct Handshake {
    std::unique_ptr<auth::TokenProducer> producer;
    std::string scheme;     // "NTLM", "Negotiate", "Basic"
    std::string mechanism;  // from the first token's label: "NTLM", "Kerberos", ""
  };
  // What the next leg carries.
  struct LegPlan {
    std::optional<std::string> authorization;
    bool emptyBody = false;  // Content-Length: 0 instead of the step's body
    bool fresh = false;      // a new connection, the older ones closed
  };

  bool canUse(const std::string& scheme) const;
  std::optional<std::string> chooseScheme(const std::vector<std::string>& offers) const;
  // Starts a handshake for SCHEME towards URL; the plan's Authorization is its first token.
  std::optional<std::string> startHandshake(const std::string& scheme, const UrlParts& url,
                                            std::optional<Handshake>& handshake);
  // Decides whether the first leg pre-authenticates; an error message when no token could be made.
  std::optional<std::string> planFirstLeg(const UrlParts& url, const std::string& route,
                                          bool bodyPending, LegPlan& plan,
                                          std::optional<Handshake>& handshake);
  http::TransferRequest legRequest(const http::TransferRequest& step, const LegPlan& plan) const;

  BrowserSwitches switches_;
  ClientCredentials credentials_;
  TokenFactory factory_;

  ChallengedSpaces spaces_;
  std::set<long> authenticatedConnections_;
  std::map<std::string, long> lastConnection_;    // route ("origin" or "proxy URL") -> id
  std::map<std::string, std::string> proxyAuth_;  // proxy URL -> Proxy-Authorization value
  bool reconnectNextStep_ = false;                // the last step asked to close its connection
  std::string lastError_;                         // why startHandshake() made no token
};

}  // namespace authreplay::browser
