// A browser profile decides every leg of a step, without doing any I/O: given the step's request
// it answers the first leg to send; given the outcome of each leg (leg_outcome.h) it answers the
// next one, or that the step is done (DESIGN.md data flow). A driver sends the legs: the runner's
// blocking run::StepDriver for scenarios, the benchmark's multi-handle driver for load, a scripted
// one in unit tests; all three drive the same profile objects.
//
// `curl`, `anonymous` and `basic` let libcurl decide (one transfer whose legs libcurl makes); the
// scripted ones (ie11, edge, chrome, dotnet: scripted_profile.h) send one transfer per leg with a
// hand-set Authorization from an auth::TokenProducer. A profile keeps the browser's memory
// (challenged protection spaces, per-connection auth state, proxy credentials) across the steps of
// a scenario. Kerberos tickets live in the GSSAPI ccache, which outlives the steps too.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "auth/secret.h"
#include "browser/leg_outcome.h"
#include "http/transfer.h"

namespace authreplay::browser {

// The credentials the client holds for this scenario (scenario "credentials" over the target's).
struct ClientCredentials {
  bool present = false;  // false: the client has none and can only be anonymous
  std::string user;      // "HARNESS\\alice"
  auth::Secret password;
  // A Kerberos ccache (or client keytab) is configured: Negotiate can work without a password.
  bool kerberos = false;
  std::string kerberosCcache;        // "FILE:/tmp/lab/krb5/ccache" (the target's)
  std::string kerberosClientKeytab;  // the target's client keytab, if any
  std::string kerberosPrincipal;     // "alice@HARNESS.TEST"
  // What the client's DNS says of names that are CNAMEs: name -> canonical name (the target's
  // "cnames"). Browsers that look the name up build the Kerberos SPN from the canonical one.
  std::map<std::string, std::string> canonicalNames;
};

// The step is over: its last leg's response is the step's answer.
struct StepDone {};
// The profile could not go on (no token could be made, a URL it cannot parse): an error of the
// scenario, not a verdict on the server.
struct StepFailed {
  std::string message;
};
// What to do next: send this transfer, or stop.
using Decision = std::variant<http::TransferRequest, StepDone, StepFailed>;

class Profile {
 public:
  virtual ~Profile() = default;
  virtual std::string name() const = 0;

  // Starts a step. STEP carries what the step asks for (method, URL, headers, body, proxy, TLS,
  // timeouts, connection policy) and no authentication; the profile adds what the browser would.
  virtual Decision begin(const http::TransferRequest& step) = 0;
  // The transfer it asked for ended with LAST as its last leg (libcurl may have made several).
  virtual Decision onLeg(const LegOutcome& last) = 0;
  // The transfer it asked for failed (no connection, TLS, timeout): the step ends there, and the
  // profile forgets the handshake under way.
  virtual void onTransferFailed() {}

  // What the browser did in the step just driven that its legs do not show, in words for the
  // report ("Kerberos failed: ...; the browser fell back to NTLM"); taken once, then empty.
  virtual std::vector<std::string> takeNotes() { return {}; }

  // Why this profile cannot replay its scenario on this machine (the runner then reports the
  // scenario as skipped, neither passed nor failed), e.g. the `curl` profile with NTLM on a
  // libcurl without NTLM; nullopt when it can.
  virtual std::optional<std::string> unavailableReason() const { return std::nullopt; }
};

}  // namespace authreplay::browser
