// Helpers of the NTLM client tests (ntlm_initiator_test, ntlm_producer_test, ntlm_oracle_test):
// the acceptor account, the AUTHENTICATE_MESSAGE's fields read straight from the bytes (so the
// tests see the layout, not only what the decoder makes of it), and SPNEGO's acceptor half framed
// around the project's NtlmAcceptor as IIS frames it (MS-SPNG 3.2.5, RFC 4178 §5).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "auth/mech_oid.h"
#include "auth/ntlm/ntlm_acceptor.h"
#include "auth/ntlm/ntlm_keys.h"
#include "auth/ntlm/ntlm_session_security.h"
#include "auth/ntlm_message.h"
#include "auth/spnego_token.h"
#include "test_users.h"

namespace authreplay::testing {

namespace ntlm = authreplay::auth::ntlm;
namespace spnego = authreplay::auth::spnego;
using authreplay::auth::DecodeError;
using Bytes = std::vector<std::uint8_t>;

// An acceptor (Windows Server 2019 as ntlm_acceptor.h models it) knowing HARNESS\alice.
inline std::shared_ptr<const ntlm::AcceptorConfig> aliceAcceptor() {
  auto config = std::make_shared<ntlm::AcceptorConfig>();
  config->lookup = [](std::string_view domain,
                      std::string_view user) -> std::optional<ntlm::Account> {
    const auto lower = [](std::string_view text) {
      std::string out(text);
      for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return out;
    };
    if ((domain.empty() || lower(domain) == "harness") && lower(user) == "alice") {
      return ntlm::Account{"HARNESS", "alice", ntlm::ntowfV1(kTestPassword)};
    }
    return std::nullopt;
  };
  return config;
}

inline std::uint32_t u32At(std::span<const std::uint8_t> bytes, std::size_t offset) {
  return static_cast<std::uint32_t>(bytes[offset]) | (bytes[offset + 1] << 8) |
         (bytes[offset + 2] << 16) | (static_cast<std::uint32_t>(bytes[offset + 3]) << 24);
}

// One security buffer of an AUTHENTICATE_MESSAGE (MS-NLMP 2.2.1.3): Len (2), MaxLen (2), Offset.
struct Field {
  std::size_t length = 0;
  std::size_t offset = 0;
};
inline Field fieldAt(std::span<const std::uint8_t> message, std::size_t at) {
  return Field{static_cast<std::size_t>(message[at] | (message[at + 1] << 8)),
               u32At(message, at + 4)};
}
struct Type3Fields {
  Field lm, nt, domain, user, workstation, sessionKey;
  std::uint32_t flags = 0;
};
inline Type3Fields type3Fields(std::span<const std::uint8_t> message) {
  return Type3Fields{fieldAt(message, 12), fieldAt(message, 20), fieldAt(message, 28),
                     fieldAt(message, 36), fieldAt(message, 44), fieldAt(message, 52),
                     u32At(message, 60)};
}

// The AV pairs inside an NTLMv2 response: NTProofStr (16), then the client challenge structure
// (MS-NLMP 2.2.2.7) whose pairs start 28 bytes in.
inline std::vector<ntlm::AvPair> clientAvPairs(std::span<const std::uint8_t> message) {
  const Field nt = fieldAt(message, 20);
  if (nt.length <= 16 + 28) {
    ADD_FAILURE() << "no NTLMv2 response";
    return {};
  }
  auto pairs = ntlm::decodeAvPairList(message.subspan(nt.offset + 16 + 28, nt.length - 16 - 28));
  if (auto* error = std::get_if<DecodeError>(&pairs)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<std::vector<ntlm::AvPair>>(pairs);
}

inline spnego::Oid ntlmsspOid() {
  return spnego::Oid(auth::oid::kNtlmssp.begin(), auth::oid::kNtlmssp.end());
}

// The acceptor half of SPNEGO around NtlmAcceptor: NegTokenInit{[NTLMSSP], Type 1} ->
// NegTokenResp{accept-incomplete, NTLMSSP, Type 2}; NegTokenResp{Type 3, mechListMIC} ->
// NegTokenResp{accept-completed, mechListMIC}. The client's mechListMIC is verified over the
// mechTypes as the client sent them (RFC 4178 §5); `signFinal` false leaves the final MIC out, as
// MIT's acceptor does when the mechanism does not require it.
class SpnegoNtlmAcceptor {
 public:
  explicit SpnegoNtlmAcceptor(bool signFinal = true)
      : acceptor_(aliceAcceptor()), signFinal_(signFinal) {}

  std::variant<Bytes, std::string> init(std::span<const std::uint8_t> token) {
    auto decoded = spnego::decodeNegTokenInit(token);
    if (auto* error = std::get_if<DecodeError>(&decoded)) {
      return error->message;
    }
    const auto& init = std::get<spnego::NegTokenInit>(decoded);
    if (init.mechTypes.empty() || init.mechTypes[0] != ntlmsspOid() || !init.mechToken) {
      return std::string("NegTokenInit without an optimistic NTLMSSP token");
    }
    mechTypesDer_ = init.mechTypesDer;
    auto challenge = acceptor_.challenge(*init.mechToken);
    if (auto* failure = std::get_if<ntlm::AcceptFailure>(&challenge)) {
      return failure->reason;
    }
    return spnego::encodeNegTokenResp(spnego::NegState::kAcceptIncomplete, ntlmsspOid(),
                                      std::get<Bytes>(challenge), std::nullopt);
  }

  std::variant<Bytes, std::string> finish(std::span<const std::uint8_t> token) {
    auto decoded = spnego::decodeNegTokenResp(token);
    if (auto* error = std::get_if<DecodeError>(&decoded)) {
      return error->message;
    }
    const auto& resp = std::get<spnego::NegTokenResp>(decoded);
    if (!resp.responseToken) {
      return std::string("NegTokenResp without a Type 3");
    }
    auto result = acceptor_.authenticate(*resp.responseToken);
    if (auto* failure = std::get_if<ntlm::AcceptFailure>(&result)) {
      return failure->reason;
    }
    logon = std::get<ntlm::AcceptedLogon>(result);
    ntlm::SessionSecurity security(logon->exportedSessionKey, logon->negotiatedFlags,
                                   ntlm::SessionSecurity::Role::kServer);
    clientMicPresent = resp.mechListMic.has_value();
    if (resp.mechListMic && !security.verify(mechTypesDer_, *resp.mechListMic)) {
      return std::string("the client's mechListMIC does not verify");
    }
    std::optional<Bytes> mic;
    if (signFinal_) {
      const auto signature = security.sign(mechTypesDer_);
      mic = Bytes(signature.begin(), signature.end());
    }
    return spnego::encodeNegTokenResp(spnego::NegState::kAcceptCompleted, std::nullopt,
                                      std::nullopt, mic);
  }

  std::optional<ntlm::AcceptedLogon> logon;
  bool clientMicPresent = false;

 private:
  ntlm::NtlmAcceptor acceptor_;
  bool signFinal_;
  Bytes mechTypesDer_;
};

}  // namespace authreplay::testing
