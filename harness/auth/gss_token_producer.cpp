#include "auth/gss_token_producer.h"

#include <vector>

#include "auth/base64.h"
#include "auth/leg_label.h"

namespace authreplay::auth {
namespace {

class GssTokenProducer final : public TokenProducer {
 public:
  explicit GssTokenProducer(GssSetup setup)
      : setup_(std::move(setup)), bindings_(std::move(setup_.channelBindings)) {}

  std::string_view scheme() const override { return setup_.scheme; }
  bool complete() const override { return complete_; }
  bool mutualAuthVerified() const override { return mutualVerified_; }
  std::string mechanism() const override {
    return mechanism_.empty() ? setup_.mechanism : mechanism_;
  }

  Result<std::string> first() override {
    if (started_) {
      return ProducerError{"first()", "called twice for one handshake"};
    }
    started_ = true;
    auto token = step({});
    if (!token) {
      return token.error();
    }
    if (token->empty()) {
      return ProducerError{"first()", "GSSAPI produced no initial token"};
    }
    return header(*token);
  }

  Result<std::string> next(std::string_view challenge) override {
    auto input = serverToken(challenge, "next()");
    if (!input) {
      return input.error();
    }
    if (complete_) {
      return ProducerError{"next()", "the security context is already complete"};
    }
    auto token = step(*input);
    if (!token) {
      return token.error();
    }
    if (token->empty()) {
      return ProducerError{"next()", "GSSAPI produced no token to send (context " +
                                         std::string(complete_ ? "complete" : "incomplete") + ")"};
    }
    return header(*token);
  }

  Result<Done> verifyFinal(std::string_view wwwAuthenticate) override {
    auto input = serverToken(wwwAuthenticate, "verifyFinal()");
    if (!input) {
      return input.error();
    }
    if (complete_) {
      return ProducerError{"verifyFinal()", "the security context is already complete"};
    }
    auto token = step(*input);
    if (!token) {
      return token.error();
    }
    if (!complete_) {
      return ProducerError{"verifyFinal()", "the server's final token left the context incomplete"};
    }
    return Done{};
  }

 private:
  Result<std::vector<std::uint8_t>> serverToken(std::string_view value, const char* what) const {
    if (!started_) {
      return ProducerError{what, "first() has not been called"};
    }
    return challengeToken(value, setup_.scheme, what);
  }

  Result<std::vector<std::uint8_t>> step(std::span<const std::uint8_t> input) {
    OM_uint32 minor = 0;
    gss_buffer_desc inputBuffer = gss::inputBuffer(input);
    gss::Buffer output;
    gss_OID actualMech = GSS_C_NO_OID;
    OM_uint32 returnedFlags = 0;
    const OM_uint32 major =
        gss_init_sec_context(&minor, setup_.credential->get(), context_.out(), setup_.target.get(),
                             setup_.mech, setup_.flags, GSS_C_INDEFINITE, bindings_.get(),
                             input.empty() ? GSS_C_NO_BUFFER : &inputBuffer, &actualMech,
                             output.out(), &returnedFlags, nullptr);
    if (GSS_ERROR(major)) {
      complete_ = false;
      return ProducerError{"gss_init_sec_context (" + mechanism() + ")",
                           gss::describeStatus(major, minor, actualMech), major, minor};
    }
    complete_ = major == GSS_S_COMPLETE;
    const auto bytes = output.bytes();
    std::vector<std::uint8_t> token(bytes.begin(), bytes.end());
    if (!token.empty()) {
      // The mechanism SPNEGO settled on shows in what it sends (the optimistic or chosen token).
      const LegDescription leg = describeAuthValue(setup_.scheme + " " + base64Encode(token));
      if (leg.mechanism == "NTLM" || leg.mechanism == "Kerberos") {
        mechanism_ = leg.mechanism;
      }
    }
    // Only Kerberos proves the server's identity; GSS_C_MUTUAL_FLAG on completion means the
    // AP-REP was checked (RFC 4121 §4.1, RFC 2743 §1.2.2).
    if (complete_ && (returnedFlags & GSS_C_MUTUAL_FLAG) != 0 && !input.empty() &&
        mechanism() == "Kerberos") {
      mutualVerified_ = true;
    }
    return token;
  }

  std::string header(const std::vector<std::uint8_t>& token) const {
    return setup_.scheme + " " + base64Encode(token);
  }

  GssSetup setup_;
  gss::ChannelBindings bindings_;  // declared after setup_: made from it
  gss::Context context_;
  std::string mechanism_;
  bool started_ = false;
  bool complete_ = false;
  bool mutualVerified_ = false;
};

}  // namespace

std::unique_ptr<TokenProducer> makeGssTokenProducer(GssSetup setup) {
  return std::make_unique<GssTokenProducer>(std::move(setup));
}

}  // namespace authreplay::auth
