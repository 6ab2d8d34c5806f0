#include "auth/ntlm/ntlm_initiator.h"

#include <chrono>
#include <stdexcept>

namespace authreplay::auth::ntlm {
namespace {

constexpr std::uint32_t kChromiumFlags = flags::kUnicode | flags::kOem | flags::kRequestTarget |
                                         flags::kNtlm | flags::kAlwaysSign |
                                         flags::kExtendedSessionSecurity;  // 0x00088207
constexpr std::uint32_t kSspiFlags = 0xe2088297u;
constexpr std::uint32_t kMicPresent = 0x00000002;  // MsvAvFlags bit (MS-NLMP 2.2.2.1)

// MsvAvSingleHost (MS-NLMP 2.2.2.2 Single_Host_Data): Size 48, Z4, CustomData (8), MachineID
// (32, random per boot on Windows; per process here).
Bytes singleHostData() {
  static const Bytes machineId = [] {
    Bytes id(32);
    crypto::randomBytes(id);
    return id;
  }();
  Bytes data{48, 0, 0, 0, 0, 0, 0, 0};
  data.insert(data.end(), 8, 0);
  data.insert(data.end(), machineId.begin(), machineId.end());
  return data;
}

std::optional<std::uint64_t> timestampOf(const std::vector<AvPair>& pairs) {
  const AvPair* pair = findAvPair(pairs, AvId::kTimestamp);
  if (pair == nullptr || pair->value.size() != 8) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) {
    value = (value << 8) | pair->value[static_cast<std::size_t>(i)];
  }
  return value;
}

}  // namespace

std::uint64_t fileTimeNow() {
  // 100 ns intervals between 1601-01-01 and the Unix epoch.
  constexpr std::uint64_t kEpochDelta = 116444736000000000ull;
  const auto sinceEpoch = std::chrono::system_clock::now().time_since_epoch();
  return kEpochDelta +
         static_cast<std::uint64_t>(
             std::chrono::duration_cast<std::chrono::nanoseconds>(sinceEpoch).count() / 100);
}

NtlmInitiator::NtlmInitiator(InitiatorConfig config) : config_(std::move(config)) {
  if (!config_.clock) {
    config_.clock = fileTimeNow;
  }
  if (!config_.random) {
    config_.random = crypto::randomBytes;
  }
  NegotiateLayout layout;
  if (config_.style == ClientStyle::kChromium) {
    layout.flags = kChromiumFlags;
    layout.emptyFieldOffset = 32;
  } else {
    layout.flags = kSspiFlags;
    layout.version = config_.version;
  }
  negotiate_ = encodeNegotiate(layout);
}

NtlmInitiator::~NtlmInitiator() {
  config_.ntHash.fill(0);
  if (config_.responseKeyV2)
    config_.responseKeyV2->fill(0);
}

Challenge8 NtlmInitiator::randomChallenge() {
  Challenge8 challenge{};
  config_.random(challenge);
  return challenge;
}

std::variant<Bytes, InitiatorError> NtlmInitiator::authenticate(std::span<const std::uint8_t> raw) {
  if (complete()) {
    return InitiatorError{"authenticate() called twice for one handshake"};
  }
  auto decoded = decodeChallenge(raw);
  if (auto* error = std::get_if<DecodeError>(&decoded)) {
    return InitiatorError{"Type 2: " + error->message};
  }
  const auto& challenge = std::get<ChallengeMessage>(decoded);
  try {
    return config_.ntlmV2 ? authenticateV2(challenge, raw) : authenticateV1(challenge);
  } catch (const std::length_error& error) {
    return InitiatorError{std::string("Type 2 makes an impossible Type 3: ") + error.what()};
  }
}

std::variant<Bytes, InitiatorError> NtlmInitiator::authenticateV2(
    const ChallengeMessage& challenge, std::span<const std::uint8_t> raw) {
  const bool chromium = config_.style == ClientStyle::kChromium;
  std::vector<AvPair> pairs = challenge.targetInfo;
  // Chromium refuses a server that puts client-only pairs in its target info
  // (NtlmBufferReader::ReadTargetInfo); Windows ignores the server's and adds its own.
  for (const AvPair& pair : pairs) {
    const bool clientOnly = pair.id == static_cast<std::uint16_t>(AvId::kChannelBindings) ||
                            pair.id == static_cast<std::uint16_t>(AvId::kTargetName);
    if (chromium && clientOnly) {
      return InitiatorError{"Type 2 target info carries MsvAvChannelBindings/MsvAvTargetName"};
    }
  }
  if (!chromium) {
    std::erase_if(pairs, [](const AvPair& pair) {
      return pair.id == static_cast<std::uint16_t>(AvId::kChannelBindings) ||
             pair.id == static_cast<std::uint16_t>(AvId::kTargetName) ||
             pair.id == static_cast<std::uint16_t>(AvId::kSingleHost);
    });
  }
  const std::optional<std::uint64_t> serverTime = timestampOf(pairs);
  // Chromium always sends a MIC in NTLMv2; Windows when the server sent a timestamp.
  const bool mic = chromium || serverTime.has_value();
  if (mic) {
    bool found = false;
    for (AvPair& pair : pairs) {
      if (pair.id == static_cast<std::uint16_t>(AvId::kFlags) && pair.value.size() == 4) {
        pair.value[0] |= kMicPresent;
        found = true;
      }
    }
    if (!found) {
      pairs.push_back(avPairU32(AvId::kFlags, kMicPresent));
    }
  }
  if (!chromium) {
    pairs.push_back(avPair(AvId::kSingleHost, singleHostData()));
  }
  Bytes bindings(16, 0);
  if (!config_.channelBindings.empty()) {
    const Digest16 hash = channelBindingsHash(config_.channelBindings);
    bindings.assign(hash.begin(), hash.end());
  }
  pairs.push_back(avPair(AvId::kChannelBindings, std::move(bindings)));
  pairs.push_back(avPairUtf16(AvId::kTargetName, config_.spn));

  const Challenge8 clientChallenge = randomChallenge();
  const Bytes blob =
      ntlmV2ClientBlob(serverTime.value_or(config_.clock()), clientChallenge, encodeAvPairs(pairs));
  const Digest16 key = config_.responseKeyV2
                           ? *config_.responseKeyV2
                           : ntowfV2(config_.ntHash, config_.user, config_.domain);
  const Digest16 proof = ntProofStr(key, challenge.serverChallenge, blob);
  const Digest16 sessionBaseKey = sessionBaseKeyV2(key, proof);

  AuthenticateLayout layout;
  layout.micSlot = true;
  layout.lmResponse = Bytes(24, 0);  // Z(24): NTLMv2 with a timestamp (MS-NLMP 3.1.5.1.2)
  layout.ntResponse.assign(proof.begin(), proof.end());
  layout.ntResponse.insert(layout.ntResponse.end(), blob.begin(), blob.end());
  Digest16 exported = sessionBaseKey;  // KXKEY = SessionBaseKey for NTLMv2 (MS-NLMP 3.4.5.1)
  if (chromium) {
    layout.flags = (challenge.negotiateFlags & kChromiumFlags) | flags::kExtendedSessionSecurity;
    layout.payloadOrder = {Type3Field::kSessionKey, Type3Field::kLm,   Type3Field::kNt,
                           Type3Field::kDomain,     Type3Field::kUser, Type3Field::kWorkstation};
  } else {
    layout.flags = challenge.negotiateFlags & (kSspiFlags | flags::kTargetInfo);
    layout.version = config_.version;
    layout.micSlot = mic;
    layout.versionSlot = true;
    if ((layout.flags & flags::kExtendedSessionSecurity) != 0) {
      layout.flags &= ~flags::kLmKey;
    }
    if ((layout.flags & flags::kKeyExchange) != 0 &&
        (layout.flags & (flags::kSign | flags::kSeal)) != 0) {
      config_.random(exported);
      layout.encryptedRandomSessionKey = crypto::rc4k(sessionBaseKey, exported);
    }
  }
  layout.domain = encodeName(config_.domain, layout.flags);
  layout.user = encodeName(config_.user, layout.flags);
  layout.workstation = encodeName(config_.workstation, layout.flags);
  Bytes message = encodeAuthenticate(layout);
  if (layout.micSlot && mic) {
    const Digest16 code = messageIntegrityCode(exported, negotiate_, raw, message);
    std::copy(code.begin(), code.end(), message.begin() + kMicOffset);
  }
  exportedSessionKey_ = exported;
  negotiatedFlags_ = layout.flags;
  return message;
}

std::variant<Bytes, InitiatorError> NtlmInitiator::authenticateV1(
    const ChallengeMessage& challenge) {
  // Chromium's NTLMv1 (GenerateResponsesV1WithSessionSecurity): always extended session
  // security, whatever the server chose.
  const Challenge8 clientChallenge = randomChallenge();
  AuthenticateLayout layout;
  layout.flags = (challenge.negotiateFlags & kChromiumFlags) | flags::kExtendedSessionSecurity;
  layout.lmResponse.assign(clientChallenge.begin(), clientChallenge.end());
  layout.lmResponse.resize(24, 0);
  const auto nt = ntlmV1EssResponse(config_.ntHash, challenge.serverChallenge, clientChallenge);
  layout.ntResponse.assign(nt.begin(), nt.end());
  layout.payloadOrder = {Type3Field::kSessionKey, Type3Field::kLm,   Type3Field::kNt,
                         Type3Field::kDomain,     Type3Field::kUser, Type3Field::kWorkstation};
  layout.domain = encodeName(config_.domain, layout.flags);
  layout.user = encodeName(config_.user, layout.flags);
  layout.workstation = encodeName(config_.workstation, layout.flags);
  exportedSessionKey_ =
      keyExchangeKeyV1Ess(sessionBaseKeyV1(config_.ntHash), challenge.serverChallenge,
                          std::span<const std::uint8_t, 8>(layout.lmResponse.data(), 8));
  negotiatedFlags_ = layout.flags;
  return encodeAuthenticate(layout);
}

}  // namespace authreplay::auth::ntlm
