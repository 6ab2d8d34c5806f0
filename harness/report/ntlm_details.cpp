#include "report/ntlm_details.h"

#include <variant>

#include "auth/ntlm_in_header.h"
#include "auth/ntlm_message.h"
#include "auth/ntlm_names.h"
#include "report/header_details.h"

namespace authreplay::report {

namespace {

using Json = nlohmann::ordered_json;
namespace ntlm = auth::ntlm;

// NTLMv2_RESPONSE (MS-NLMP 2.2.2.8): NTProofStr (16), then NTLMv2_CLIENT_CHALLENGE whose AvPairs
// start after RespType, HiRespType, Reserved1 (2), Reserved2 (4), TimeStamp (8),
// ChallengeFromClient (8) and Reserved3 (4) (MS-NLMP 2.2.2.7): 16 + 28 bytes in.
constexpr std::size_t kNtlmV2AvPairsOffset = 16 + 28;

void putFlags(Json& out, std::uint32_t flags) {
  out["flags"] = ntlm::flagsHex(flags);
  out["flagNames"] = ntlm::negotiateFlagNames(flags);
}

void putVersion(Json& out, const std::optional<ntlm::Version>& version) {
  if (!version)
    return;
  // MS-NLMP 2.2.2.10: ProductMajorVersion.ProductMinorVersion.ProductBuild, NTLMRevisionCurrent.
  out["version"] = std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
                   std::to_string(version->build) + " (NTLM revision " +
                   std::to_string(version->ntlmRevision) + ")";
}

Json avPairs(const std::vector<ntlm::AvPair>& pairs) {
  Json out = Json::array();
  for (const auto& pair : pairs)
    out.push_back({{"id", ntlm::avIdName(pair.id)}, {"value", ntlm::avPairText(pair)}});
  return out;
}

template <typename Message>
const Message* decodedOr(const auth::Decoded<Message>& decoded, Json& out) {
  if (const auto* error = std::get_if<auth::DecodeError>(&decoded)) {
    out["problem"] = error->message;
    return nullptr;
  }
  return &std::get<Message>(decoded);
}

void describeNegotiate(const std::vector<std::uint8_t>& bytes, Json& out) {
  out["message"] = "NEGOTIATE_MESSAGE";
  const auto decoded = ntlm::decodeNegotiate(bytes);
  const auto* message = decodedOr(decoded, out);
  if (message == nullptr)
    return;
  putFlags(out, message->negotiateFlags);
  if (message->domain)
    out["domain"] = *message->domain;
  if (message->workstation)
    out["workstation"] = *message->workstation;
  putVersion(out, message->version);
}

void describeChallenge(const std::vector<std::uint8_t>& bytes, Json& out) {
  out["message"] = "CHALLENGE_MESSAGE";
  const auto decoded = ntlm::decodeChallenge(bytes);
  const auto* message = decodedOr(decoded, out);
  if (message == nullptr)
    return;
  putFlags(out, message->negotiateFlags);
  out["targetName"] = message->targetName;
  out["targetInfo"] = avPairs(message->targetInfo);
  putVersion(out, message->version);
}

void describeAuthenticate(const std::vector<std::uint8_t>& bytes, Json& out) {
  out["message"] = "AUTHENTICATE_MESSAGE";
  const auto decoded = ntlm::decodeAuthenticate(bytes);
  const auto* message = decodedOr(decoded, out);
  if (message == nullptr)
    return;
  putFlags(out, message->negotiateFlags);
  out["domain"] = message->domain;
  out["user"] = message->user;
  out["workstation"] = message->workstation;
  // An NT response longer than 24 bytes is NTLMv2 (MS-NLMP 2.2.2.8); an empty one is anonymous.
  out["response"] = message->ntResponseLength > 24   ? "NTLMv2"
                    : message->ntResponseLength > 0  ? "NTLMv1"
                    : message->lmResponseLength <= 1 ? "anonymous"
                                                     : "LM only";
  out["mic"] = message->hasMic;
  putVersion(out, message->version);
  if (message->ntResponse.size() > kNtlmV2AvPairsOffset) {
    const std::span<const std::uint8_t> response(message->ntResponse);
    const auto pairs = ntlm::decodeAvPairList(response.subspan(kNtlmV2AvPairsOffset));
    if (const auto* list = std::get_if<std::vector<ntlm::AvPair>>(&pairs))
      out["clientTargetInfo"] = avPairs(*list);
    else
      out["clientTargetInfoProblem"] = std::get<auth::DecodeError>(pairs).message;
  }
}

}  // namespace

Json ntlmMessageDetails(std::string_view headerValue) {
  const auto bytes = auth::ntlmMessageIn(headerValue);
  if (!bytes)
    return nullptr;
  const auto type = ntlm::messageType(*bytes);
  Json out;
  out["type"] = static_cast<int>(*type);  // ntlmMessageIn only returns recognised messages
  switch (*type) {
    case ntlm::MessageType::kNegotiate:
      describeNegotiate(*bytes, out);
      break;
    case ntlm::MessageType::kChallenge:
      describeChallenge(*bytes, out);
      break;
    case ntlm::MessageType::kAuthenticate:
      describeAuthenticate(*bytes, out);
      break;
  }
  return out;
}

Json ntlmDetails(const http::Exchange& exchange) {
  return detailsPerHeader(exchange,
                          [](std::string_view value) { return ntlmMessageDetails(value); });
}

}  // namespace authreplay::report
