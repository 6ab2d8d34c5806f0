#include "auth/spnego_ntlm_token_producer.h"

#include <exception>
#include <optional>

#include "auth/base64.h"
#include "auth/mech_oid.h"
#include "auth/ntlm/ntlm_session_security.h"
#include "auth/ntlm_token_producer.h"
#include "auth/spnego_token.h"

namespace authreplay::auth {
namespace {

class SpnegoNtlmTokenProducer final : public TokenProducer {
 public:
  explicit SpnegoNtlmTokenProducer(ntlm::InitiatorConfig config)
      : initiator_(std::make_unique<ntlm::NtlmInitiator>(std::move(config))),
        mechTypes_{spnego::Oid(oid::kNtlmssp.begin(), oid::kNtlmssp.end())},
        mechTypesDer_(spnego::encodeMechTypeList(mechTypes_)) {}

  std::string_view scheme() const override { return "Negotiate"; }
  // As for MIT's SPNEGO: complete once the acceptor's accept-completed arrived (verifyFinal).
  bool complete() const override { return completed_; }
  std::string mechanism() const override { return "NTLM"; }

  Result<std::string> first() override {
    if (started_) {
      return ProducerError{"first()", "called twice for one handshake"};
    }
    started_ = true;
    return header(spnego::encodeNegTokenInit(mechTypes_, initiator_->negotiate()));
  }

  Result<std::string> next(std::string_view challenge) override {
    auto response = serverResponse(challenge, "next()");
    if (!response) {
      return response.error();
    }
    if (security_) {
      return ProducerError{"next()", "the NTLM handshake already sent its Type 3"};
    }
    if (response->negState == spnego::NegState::kReject) {
      return ProducerError{"SPNEGO", "the server rejected NTLMSSP (negState reject)"};
    }
    if (response->supportedMech && !oid::isNtlmssp(*response->supportedMech)) {
      return ProducerError{"SPNEGO", "the server chose " +
                                         oid::mechanismName(*response->supportedMech) +
                                         ", but only NTLMSSP was offered"};
    }
    if (!response->responseToken) {
      return ProducerError{"SPNEGO", "the server's NegTokenResp carries no NTLM Type 2"};
    }
    try {
      auto answer = initiator_->authenticate(*response->responseToken);
      if (auto* error = std::get_if<ntlm::InitiatorError>(&answer)) {
        return ProducerError{"NTLM Type 3", error->message};
      }
      security_.emplace(*initiator_->exportedSessionKey(), initiator_->negotiatedFlags(),
                        ntlm::SessionSecurity::Role::kClient);
      const ntlm::Signature16 mic = security_->sign(mechTypesDer_);
      // No negState: the initiator's continuation carries only responseToken and mechListMIC,
      // as Windows' Negotiate package sends it (RFC 4178 §4.2.2 requires negState only in the
      // acceptor's first reply).
      return header(spnego::encodeNegTokenResp(std::nullopt, std::nullopt,
                                               std::get<ntlm::Bytes>(answer),
                                               std::vector<std::uint8_t>(mic.begin(), mic.end())));
    } catch (const std::exception& error) {  // OpenSSL's legacy provider missing (ntlm_crypto.h)
      return ProducerError{"NTLM Type 3", error.what()};
    }
  }

  Result<Done> verifyFinal(std::string_view wwwAuthenticate) override {
    auto response = serverResponse(wwwAuthenticate, "verifyFinal()");
    if (!response) {
      return response.error();
    }
    if (!security_ || completed_) {
      return ProducerError{"verifyFinal()", completed_ ? "the SPNEGO context is already complete"
                                                       : "no Type 3 has been sent yet"};
    }
    if (response->negState != spnego::NegState::kAcceptCompleted) {
      return ProducerError{"verifyFinal()",
                           "the server's final NegTokenResp is not accept-completed"};
    }
    if (response->mechListMic && !security_->verify(mechTypesDer_, *response->mechListMic)) {
      return ProducerError{"verifyFinal()", "the server's mechListMIC does not verify"};
    }
    completed_ = true;
    return Done{};
  }

 private:
  Result<spnego::NegTokenResp> serverResponse(std::string_view value, const char* what) const {
    if (!started_) {
      return ProducerError{what, "first() has not been called"};
    }
    auto token = challengeToken(value, "Negotiate", what);
    if (!token) {
      return token.error();
    }
    auto decoded = spnego::decodeNegTokenResp(*token);
    if (auto* error = std::get_if<DecodeError>(&decoded)) {
      return ProducerError{"SPNEGO NegTokenResp", error->message};
    }
    return std::get<spnego::NegTokenResp>(std::move(decoded));
  }

  static std::string header(const std::vector<std::uint8_t>& token) {
    return "Negotiate " + base64Encode(token);
  }

  std::unique_ptr<ntlm::NtlmInitiator> initiator_;
  std::vector<spnego::Oid> mechTypes_;
  std::vector<std::uint8_t> mechTypesDer_;  // what both mechListMICs sign
  std::optional<ntlm::SessionSecurity> security_;
  bool started_ = false;
  bool completed_ = false;
};

}  // namespace

Result<std::unique_ptr<TokenProducer>> makeSpnegoNtlmTokenProducer(const ProducerSpec& spec) {
  auto config = ntlmInitiatorConfig(spec);
  if (!config) {
    return config.error();
  }
  return std::unique_ptr<TokenProducer>(
      std::make_unique<SpnegoNtlmTokenProducer>(std::move(*config)));
}

}  // namespace authreplay::auth
