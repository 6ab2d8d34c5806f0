#include "auth/negotiate_token_producer.h"

#include <utility>

#include "auth/gss_credentials.h"
#include "auth/gss_token_producer.h"
#include "auth/spnego_ntlm_token_producer.h"

namespace authreplay::auth {
namespace {

class NegotiateTokenProducer : public TokenProducer {
 public:
  // SETUP: the Kerberos credential and target, or why there is none.
  NegotiateTokenProducer(ProducerSpec spec, Result<GssSetup> setup)
      : spec_(std::move(spec)), setup_(std::move(setup)) {}

  std::string_view scheme() const override { return "Negotiate"; }

  Result<std::string> first() override {
    std::string kerberosFailure;
    if (setup_) {
      auto kerberos = makeGssTokenProducer(std::move(*setup_));
      auto token = kerberos->first();
      if (token) {
        active_ = std::move(kerberos);
        return token;
      }
      kerberosFailure = token.error().message();
    } else {
      kerberosFailure = setup_.error().message();
    }
    if (!spec_.ntlmAllowed) {
      return ProducerError{"Negotiate",
                           "Kerberos failed (" + kerberosFailure + ") and NTLM is refused"};
    }
    if (spec_.user.empty() || (spec_.password.empty() && !spec_.ntHash)) {
      return ProducerError{
          "Negotiate credentials",
          "neither Kerberos (" + kerberosFailure + ") nor NTLM (no user and password) is usable"};
    }
    auto ntlm = makeSpnegoNtlmTokenProducer(spec_);
    if (!ntlm) {
      return ntlm.error();
    }
    auto token = (*ntlm)->first();
    if (token) {
      active_ = std::move(*ntlm);
      // Only a client that could have used Kerberos fell back; one without any Kerberos
      // credential simply negotiates NTLM (seed 003).
      if (hadKerberos())
        fallbackNote_ = "Kerberos failed: " + kerberosFailure + "; the browser fell back to NTLM";
    }
    return token;
  }

  Result<std::string> next(std::string_view challenge) override {
    if (!active_)
      return ProducerError{"Negotiate next()", "first() made no token"};
    return active_->next(challenge);
  }
  bool complete() const override { return active_ && active_->complete(); }
  Result<Done> verifyFinal(std::string_view wwwAuthenticate) override {
    if (!active_)
      return ProducerError{"Negotiate verifyFinal()", "first() made no token"};
    return active_->verifyFinal(wwwAuthenticate);
  }
  bool mutualAuthVerified() const override { return active_ && active_->mutualAuthVerified(); }
  std::string mechanism() const override { return active_ ? active_->mechanism() : "SPNEGO"; }
  std::string fallbackNote() const override { return fallbackNote_; }

 private:
  bool hadKerberos() const {
    return !spec_.kerberos.ccache.empty() || !spec_.kerberos.clientKeytab.empty() ||
           spec_.kerberos.usePassword;
  }

  ProducerSpec spec_;
  Result<GssSetup> setup_;
  std::unique_ptr<TokenProducer> active_;
  std::string fallbackNote_;
};

}  // namespace

Result<std::unique_ptr<TokenProducer>> makeNegotiateTokenProducer(const ProducerSpec& spec) {
  auto setup = negotiateKerberosSetup(spec);
  const bool ntlm =
      spec.ntlmAllowed && !spec.user.empty() && (!spec.password.empty() || spec.ntHash);
  if (!setup && !ntlm) {
    // Nothing to try: said at once, as before the first token.
    return ProducerError{"Negotiate credentials",
                         "neither Kerberos (" + setup.error().message() + ") nor NTLM (" +
                             (spec.ntlmAllowed ? "no user and password" : "refused") +
                             ") is usable"};
  }
  return std::unique_ptr<TokenProducer>(
      std::make_unique<NegotiateTokenProducer>(spec, std::move(setup)));
}

}  // namespace authreplay::auth
