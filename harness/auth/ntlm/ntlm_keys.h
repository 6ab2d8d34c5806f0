// NTLM's key and response computations (MS-NLMP 3.3 "NTLM v1 and NTLM v2 Messages", 3.4.5
// "KXKEY, SIGNKEY, and SEALKEY", 3.1.5.1.2 for the MIC), shared by the initiator and the acceptor
// so that both sides compute every value in one place. Pure functions over bytes; strings are
// UTF-8 here and become UTF-16LE as NTLM hashes them (RPC_UNICODE_STRING, MS-DTYP 2.3.10).
//
// Vectors: MS-NLMP 4.2.2 (NTLMv1), 4.2.3 (NTLMv1 with extended session security), 4.2.4
// (NTLMv2); tests/unit/auth/ntlm_keys_test.cpp checks every one of them.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "auth/ntlm/ntlm_crypto.h"

namespace authreplay::auth::ntlm {

using crypto::Bytes;
using crypto::Digest16;
using Challenge8 = std::array<std::uint8_t, 8>;

// UTF-8 to UTF-16LE (invalid sequences contribute their bytes as Latin-1, so nothing is lost).
Bytes utf16le(std::string_view text);
// Windows upper-cases the user name for NTOWFv2 (MS-NLMP 3.3.2 "Uppercase(User)"): ASCII,
// Latin-1 and Cyrillic letters here, which covers the account names this harness meets.
std::string upperUserName(std::string_view user);

// NTOWFv1 = MD4(UNICODE(Passwd)) (MS-NLMP 3.3.1): the "NT hash".
Digest16 ntowfV1(std::string_view password);
// NTOWFv2 = HMAC_MD5(NTOWFv1, UNICODE(Uppercase(User) || UserDom)) (MS-NLMP 3.3.2); the domain
// keeps its case.
Digest16 ntowfV2(const Digest16& ntHash, std::string_view user, std::string_view domain);

// The NTLMv2 client challenge structure (MS-NLMP 2.2.2.7 NTLMv2_CLIENT_CHALLENGE), "temp" of
// 3.3.2 without the NTProofStr:
//   RespType 1 | HiRespType 1 | Z(6) | TimeStamp (8) | ChallengeFromClient (8) | Z(4) |
//   AvPairs (with MsvAvEOL) | Z(4)
Bytes ntlmV2ClientBlob(std::uint64_t timestamp, const Challenge8& clientChallenge,
                       std::span<const std::uint8_t> avPairs);
// NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp) (MS-NLMP 3.3.2).
Digest16 ntProofStr(const Digest16& responseKeyNt, const Challenge8& serverChallenge,
                    std::span<const std::uint8_t> clientBlob);
// SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr) (MS-NLMP 3.3.2).
Digest16 sessionBaseKeyV2(const Digest16& responseKeyNt, const Digest16& proof);
// LMv2 = HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge.
std::array<std::uint8_t, 24> lmV2Response(const Digest16& responseKeyLm,
                                          const Challenge8& serverChallenge,
                                          const Challenge8& clientChallenge);

// NTLMv1 (MS-NLMP 3.3.1): DESL(NTOWFv1, ServerChallenge), or with extended session security
// DESL(NTOWFv1, MD5(ServerChallenge || ClientChallenge)[0..7]).
std::array<std::uint8_t, 24> ntlmV1Response(const Digest16& ntHash,
                                            const Challenge8& serverChallenge);
std::array<std::uint8_t, 24> ntlmV1EssResponse(const Digest16& ntHash,
                                               const Challenge8& serverChallenge,
                                               const Challenge8& clientChallenge);
// SessionBaseKey for NTLMv1 = MD4(NTOWFv1); KXKEY with extended session security
// = HMAC_MD5(SessionBaseKey, ServerChallenge || LmChallengeResponse[0..7]) (MS-NLMP 3.4.5.1).
Digest16 sessionBaseKeyV1(const Digest16& ntHash);
Digest16 keyExchangeKeyV1Ess(const Digest16& sessionBaseKey, const Challenge8& serverChallenge,
                             std::span<const std::uint8_t, 8> lmResponsePrefix);

// MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE-with-MIC-zeroed),
// over the messages exactly as they travelled (MS-NLMP 3.1.5.1.2, 3.2.5.1.2).
Digest16 messageIntegrityCode(const Digest16& exportedSessionKey,
                              std::span<const std::uint8_t> negotiate,
                              std::span<const std::uint8_t> challenge,
                              std::span<const std::uint8_t> authenticateWithZeroMic);

// MsvAvChannelBindings value: MD5 of a gss_channel_bindings_struct with no addresses and the
// application data (RFC 5929 "tls-server-end-point:" || certificate hash), MS-NLMP 2.2.2.1 and
// "NTLM and Channel Binding Hash" (Microsoft Open Specifications blog, 2013-03-26).
Digest16 channelBindingsHash(std::span<const std::uint8_t> applicationData);

// SIGNKEY / SEALKEY with extended session security (MS-NLMP 3.4.5.2, 3.4.5.3).
enum class Direction { kClientToServer, kServerToClient };
Digest16 signKey(const Digest16& exportedSessionKey, Direction direction);
Digest16 sealKey(const Digest16& exportedSessionKey, std::uint32_t negotiateFlags,
                 Direction direction);

}  // namespace authreplay::auth::ntlm
