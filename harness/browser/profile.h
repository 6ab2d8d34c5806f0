// A browser profile decides every leg of a step: whether the first request is anonymous, which
// offered scheme it answers, what it sends and on which connection (DESIGN.md data flow:
// run::Runner asks the profile, the profile sends through http::). `curl`, `anonymous` and
// `basic` let libcurl decide; the scripted ones (ie11, edge, chrome, dotnet: scripted_profile.h)
// send one transfer per leg with a hand-set Authorization from an auth::TokenProducer, and keep
// their memory (challenged protection spaces, authenticated connections) across the steps of a
// scenario in the profile object. Kerberos tickets live in the GSSAPI ccache, which outlives the
// steps too.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "http/transfer.h"
#include "http/transport.h"
#include "scenario/scenario.h"

namespace authreplay::browser {

// The credentials the client holds for this scenario (scenario "credentials" over the target's).
struct ClientCredentials {
  bool present = false;  // false: the client has none and can only be anonymous
  std::string user;      // "HARNESS\\alice"
  std::string password;  // never logged or reported
  // A Kerberos ccache (or client keytab) is configured: Negotiate can work without a password.
  bool kerberos = false;
  std::string kerberosCcache;        // "FILE:/tmp/lab/krb5/ccache" (the target's)
  std::string kerberosClientKeytab;  // the target's client keytab, if any
  std::string kerberosPrincipal;     // "alice@HARNESS.TEST"
};

class Profile {
 public:
  virtual ~Profile() = default;
  virtual std::string name() const = 0;

  // Sends one step. REQUEST carries what the step asks for (method, URL, headers, body, proxy,
  // TLS, timeouts, connection policy) and no authentication; the profile adds what the browser
  // would and may make several transfers. Every leg of every transfer is in the result.
  virtual http::TransferResult send(const http::TransferRequest& request,
                                    http::Transport& transport) = 0;

  // Why this profile cannot replay its scenario on this machine (the runner then reports the
  // scenario as skipped, neither passed nor failed), e.g. the `curl` profile with NTLM on a
  // libcurl without NTLM; nullopt when it can.
  virtual std::optional<std::string> unavailableReason() const { return std::nullopt; }
};

// One profile object per scenario run. Throws std::invalid_argument for an unknown browser (the
// loader accepts only known names, so this is a programming error).
std::unique_ptr<Profile> makeProfile(const scenario::Client& client, ClientCredentials credentials);

}  // namespace authreplay::browser
