#include "auth/ntlm/ntlm_acceptor.h"

#include <algorithm>
#include <stdexcept>

#include "auth/ntlm/ntlm_initiator.h"

namespace authreplay::auth::ntlm {
namespace {

constexpr std::uint32_t kMicPresent = 0x00000002;        // MsvAvFlags (MS-NLMP 2.2.2.1)
constexpr std::size_t kNtlmV2MinimumResponse = 16 + 28;  // NTProofStr + the fixed blob part

AcceptFailure invalidToken(std::string reason) {
  return AcceptFailure{kSecEInvalidToken, std::move(reason)};
}

AcceptFailure logonDenied(std::string reason) {
  return AcceptFailure{kSecELogonDenied, std::move(reason)};
}

// The flags a Windows server answers a NEGOTIATE_MESSAGE with (MS-NLMP 3.2.5.1.1; captures of
// IIS on Windows Server 2016/2019).
std::uint32_t challengeFlags(std::uint32_t requested) {
  constexpr std::uint32_t kEchoed = flags::kSign | flags::kSeal | flags::kAlwaysSign |
                                    flags::kExtendedSessionSecurity | flags::k128 | flags::k56 |
                                    flags::kKeyExchange | flags::kIdentify;
  std::uint32_t answer = (requested & kEchoed) | flags::kNtlm | flags::kRequestTarget |
                         flags::kTargetInfo | flags::kVersion | flags::kTargetTypeDomain;
  answer |= (requested & flags::kUnicode) != 0 ? flags::kUnicode : flags::kOem;
  if ((requested & flags::kExtendedSessionSecurity) == 0 && (requested & flags::kLmKey) != 0) {
    answer |= flags::kLmKey;
  }
  return answer;
}

}  // namespace

NtlmAcceptor::NtlmAcceptor(std::shared_ptr<const AcceptorConfig> config)
    : config_(std::move(config)) {
  if (!config_ || !config_->lookup) {
    throw std::invalid_argument("NtlmAcceptor needs a config with an account lookup");
  }
}

std::variant<Bytes, AcceptFailure> NtlmAcceptor::challenge(
    std::span<const std::uint8_t> negotiate) {
  if (!challenge_.empty()) {
    return invalidToken("a second NEGOTIATE_MESSAGE in one handshake");
  }
  auto decoded = decodeNegotiate(negotiate);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    finished_ = true;
    return invalidToken("Type 1: " + error->message);
  }
  // No flag is required: python3-ntlm-auth (requests-ntlm) sends 0xe288b032, without
  // NEGOTIATE_NTLM or UNICODE, and logs in to IIS; the answer sets NTLM whatever was asked.
  const auto& message = std::get<NegotiateMessage>(decoded);
  const auto random = config_->random ? config_->random : crypto::randomBytes;
  random(serverChallenge_);
  const std::uint64_t now = config_->clock ? config_->clock() : fileTimeNow();

  ChallengeLayout layout;
  layout.flags = challengeFlags(message.negotiateFlags);
  layout.targetName = config_->netbiosDomain;
  layout.serverChallenge = serverChallenge_;
  layout.version = config_->version;
  layout.targetInfo = encodeAvPairs({avPairUtf16(AvId::kNbDomainName, config_->netbiosDomain),
                                     avPairUtf16(AvId::kNbComputerName, config_->netbiosComputer),
                                     avPairUtf16(AvId::kDnsDomainName, config_->dnsDomain),
                                     avPairUtf16(AvId::kDnsComputerName, config_->dnsComputer),
                                     avPairUtf16(AvId::kDnsTreeName, config_->dnsTree),
                                     avPairU64(AvId::kTimestamp, now)});
  negotiate_.assign(negotiate.begin(), negotiate.end());
  challenge_ = encodeChallenge(layout);
  return challenge_;
}

std::variant<AcceptedLogon, AcceptFailure> NtlmAcceptor::authenticate(
    std::span<const std::uint8_t> raw) {
  if (challenge_.empty() || finished_) {
    finished_ = true;
    return invalidToken("AUTHENTICATE_MESSAGE without a CHALLENGE_MESSAGE in this handshake");
  }
  finished_ = true;  // one attempt per challenge: a replayed Type 3 finds no challenge
  try {
    return verify(raw);
  } catch (const std::length_error& error) {
    return invalidToken(error.what());
  }
}

std::variant<AcceptedLogon, AcceptFailure> NtlmAcceptor::verify(std::span<const std::uint8_t> raw) {
  auto decoded = decodeAuthenticate(raw);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    return invalidToken("Type 3: " + error->message);
  }
  const auto& message = std::get<AuthenticateMessage>(decoded);
  AcceptedLogon logon;
  logon.clientDomain = message.domain;
  logon.clientUser = message.user;
  logon.workstation = message.workstation;
  logon.negotiatedFlags = message.negotiateFlags;

  const bool emptyLm =
      message.lmResponse.empty() || (message.lmResponse.size() == 1 && message.lmResponse[0] == 0);
  if (message.user.empty() && message.ntResponse.empty() && emptyLm) {
    // MS-NLMP 3.2.5.1.2: the ANONYMOUS user; IIS's Windows authentication does not take it as
    // a logon of a user.
    return logonDenied("anonymous NTLM logon");
  }
  const std::size_t ntLength = message.ntResponse.size();
  if (ntLength != 24 && ntLength < kNtlmV2MinimumResponse) {
    return ntLength == 0 ? logonDenied("LM-only response refused (LmCompatibilityLevel 5)")
                         : invalidToken("NtChallengeResponse of " + std::to_string(ntLength) +
                                        " bytes is neither NTLMv1 (24) nor NTLMv2");
  }
  if (ntLength == 24 && !config_->allowNtlmV1) {
    return logonDenied("NTLMv1 response refused (LmCompatibilityLevel 5)");
  }
  std::optional<Account> account = config_->lookup(message.domain, message.user);
  if (!account && message.domain.empty()) {
    account = config_->lookup(config_->netbiosDomain, message.user);
  }
  if (!account) {
    return logonDenied("unknown user " + message.domain + "\\" + message.user);
  }

  Digest16 keyExchangeKey{};
  std::vector<AvPair> clientPairs;
  if (ntLength == 24) {
    logon.ntlmV2 = false;
    const bool ess = (message.negotiateFlags & flags::kExtendedSessionSecurity) != 0;
    if (ess && message.lmResponse.size() < 8) {
      return invalidToken("NTLMv1 with extended session security but no client challenge");
    }
    Challenge8 clientChallenge{};
    if (ess) {
      std::copy_n(message.lmResponse.begin(), 8, clientChallenge.begin());
    }
    const auto expected =
        ess ? ntlmV1EssResponse(account->ntHash, serverChallenge_, clientChallenge)
            : ntlmV1Response(account->ntHash, serverChallenge_);
    if (!crypto::equalDigests(expected, message.ntResponse)) {
      return logonDenied("NTLMv1 response does not match the password of " + account->user);
    }
    const Digest16 base = sessionBaseKeyV1(account->ntHash);
    keyExchangeKey =
        ess ? keyExchangeKeyV1Ess(base, serverChallenge_,
                                  std::span<const std::uint8_t, 8>(message.lmResponse.data(), 8))
            : base;
  } else {
    const std::span<const std::uint8_t> response(message.ntResponse);
    const auto proof = response.first(16);
    const auto blob = response.subspan(16);
    if (blob[0] != 1 || blob[1] != 1) {
      return invalidToken("NTLMv2 client challenge has RespType " + std::to_string(blob[0]));
    }
    // AvPairs start after RespType, HiRespType, Z(6), TimeStamp (8), ChallengeFromClient (8),
    // Z(4); the list ends with MsvAvEOL (followed by Z(4), which is not checked).
    auto pairs = decodeAvPairList(blob.subspan(28));
    if (auto* error = std::get_if<DecodeError>(&pairs)) {
      return invalidToken("NTLMv2 response: " + error->message);
    }
    clientPairs = std::get<std::vector<AvPair>>(std::move(pairs));
    bool verified = false;
    Digest16 base{};
    // The domain as sent, then NIL (clients that leave UserDom out of the key, MS-NLMP 3.2.5.1.2).
    for (const std::string_view domain : {std::string_view(message.domain), std::string_view()}) {
      const Digest16 key = ntowfV2(account->ntHash, message.user, domain);
      if (crypto::equalDigests(ntProofStr(key, serverChallenge_, blob), proof)) {
        Digest16 p{};
        std::copy(proof.begin(), proof.end(), p.begin());
        base = sessionBaseKeyV2(key, p);
        verified = true;
        break;
      }
      if (message.domain.empty()) {
        break;
      }
    }
    if (!verified) {
      return logonDenied("NTLMv2 response does not match the password of " + account->user);
    }
    keyExchangeKey = base;
  }

  logon.exportedSessionKey = keyExchangeKey;
  if ((message.negotiateFlags & flags::kKeyExchange) != 0 &&
      (message.negotiateFlags & (flags::kSign | flags::kSeal)) != 0) {
    if (message.encryptedRandomSessionKey.size() != 16) {
      return invalidToken("KEY_EXCH without a 16-byte EncryptedRandomSessionKey");
    }
    const Bytes exported = crypto::rc4k(keyExchangeKey, message.encryptedRandomSessionKey);
    std::copy(exported.begin(), exported.end(), logon.exportedSessionKey.begin());
  }

  if (const AvPair* flagsPair = findAvPair(clientPairs, AvId::kFlags);
      flagsPair != nullptr && flagsPair->value.size() == 4 && (flagsPair->value[0] & kMicPresent)) {
    if (message.payloadStart < kMicOffset + 16 || raw.size() < kMicOffset + 16) {
      return invalidToken("MsvAvFlags announces a MIC but the header has no MIC field");
    }
    Bytes zeroed(raw.begin(), raw.end());
    std::fill_n(zeroed.begin() + kMicOffset, 16, 0);
    const Digest16 expected =
        messageIntegrityCode(logon.exportedSessionKey, negotiate_, challenge_, zeroed);
    if (!crypto::equalDigests(expected, raw.subspan(kMicOffset, 16))) {
      return logonDenied("MIC does not match the three messages as exchanged");
    }
    logon.micVerified = true;
  }
  if (const AvPair* bindings = findAvPair(clientPairs, AvId::kChannelBindings);
      bindings != nullptr && bindings->value.size() == 16) {
    Digest16 value{};
    std::copy(bindings->value.begin(), bindings->value.end(), value.begin());
    logon.channelBindings = value;
  }
  if (const AvPair* target = findAvPair(clientPairs, AvId::kTargetName)) {
    logon.targetName = utf16leToUtf8(target->value);
  }
  logon.account = std::move(*account);
  return logon;
}

}  // namespace authreplay::auth::ntlm
