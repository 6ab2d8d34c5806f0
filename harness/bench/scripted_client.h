// The `ie11` and `chrome` profiles: one transfer per leg, the Authorization value from an
// auth::TokenProducer, with the decisions of issue 4's profiles (harness/browser/browser_switches
// and scripted_profile) reduced to the ones a repeated GET exercises:
//   - both start anonymously in a protection space that has not challenged yet, and answer the
//     401 with the bench's scheme on the same connection;
//   - ie11 pre-authenticates (ntlmPreAuth, on by default in IE: KB 2749007) once the space has
//     challenged, on every connection not yet authenticated: a fresh connection costs
//     Type 1 -> 401 + Type 2 -> Type 3 -> 200; chrome never does: anonymous -> 401 -> Type 1 ->
//     401 + Type 2 -> Type 3 -> 200;
//   - neither sends a header on a connection it authenticated (NTLM is connection-based,
//     IIS-FACTS.md §5; IIS's authPersistNonNTLM keeps Kerberos too): with --reuse, later requests
//     are one anonymous leg, and a 401 there starts a new handshake.
// Tokens: ntlm -> NTLM (the project's initiator: Windows SSPI's messages for ie11, Chromium's for
// chrome); negotiate -> SPNEGO (krb5 when a ticket is usable, else NTLM inside SPNEGO);
// kerberos -> krb5 AP-REQ, wrapped in SPNEGO for ie11 as IE does, raw for chrome; basic -> Basic.
// The empty-POST, reconnect-after-401 and Expect switches concern POSTs and special layouts, not
// a handshake benchmark; they are left to the scenario runner.
#pragma once

#include <memory>

#include "auth/token_producer.h"
#include "bench/virtual_client.h"

namespace authreplay::bench {

class ScriptedClient : public VirtualClient {
 public:
  explicit ScriptedClient(Workload workload);
  std::optional<http::MultiRequest> begin() override;
  std::optional<http::MultiRequest> onTransfer(http::MultiOutcome&& outcome) override;

 private:
  // Makes a producer and its first token; false (record_ failed) when GSSAPI refused.
  bool startHandshake();
  http::MultiRequest leg(const std::optional<std::string>& authorization, bool fresh);
  auth::ProducerSpec spec() const;

  Workload workload_;
  std::unique_ptr<auth::TokenProducer> producer_;
  std::string sentLabel_;      // what the current leg carries
  std::string authorization_;  // the current leg's Authorization value
  bool spaceChallenged_ = false;
  bool connectionAuthenticated_ = false;
  int legs_ = 0;
};

}  // namespace authreplay::bench
