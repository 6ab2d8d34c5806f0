// A real GSSAPI initiator for in-process handshakes against ConnectionAuthenticator: gss-ntlmssp
// with a password (gss_acquire_cred_with_password), either raw NTLM or NTLM inside SPNEGO. No
// canned tokens: every Type 1/3 is produced by gss-ntlmssp for this run's server challenge.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace authreplay::testing {

class GssInitiator {
 public:
  enum class Wrapping { kRawNtlm, kSpnego };

  // `user` as "DOMAIN\\user"; the target is HTTP@localhost.
  GssInitiator(const std::string& user, const std::string& password, Wrapping wrapping);

  // Kerberos in SPNEGO with the default ccache, mutual authentication requested. `target` is a
  // host-based service ("HTTP@localhost") or, with `principal`, a Kerberos principal name
  // ("alice@HARNESS.TEST": a ticket for a service the acceptor has no key for).
  struct KerberosTarget {
    std::string name = "HTTP@localhost";
    bool principal = false;
  };
  explicit GssInitiator(const KerberosTarget& target);

  ~GssInitiator();
  GssInitiator(GssInitiator&&) noexcept;
  GssInitiator& operator=(GssInitiator&&) noexcept;
  GssInitiator(const GssInitiator&) = delete;
  GssInitiator& operator=(const GssInitiator&) = delete;

  // The next token given the server's last one (empty for the first call). Throws
  // std::runtime_error with the GSSAPI status on failure.
  std::vector<std::uint8_t> step(std::span<const std::uint8_t> serverToken = {});
  bool complete() const;

 private:
  struct Handles;
  std::unique_ptr<Handles> handles_;
};

}  // namespace authreplay::testing
