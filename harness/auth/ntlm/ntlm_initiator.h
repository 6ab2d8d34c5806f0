// The client side of NTLM (MS-NLMP 3.1), producing byte for byte in structure what a given real
// client puts on the wire. Two styles, from their sources:
//
//  kChromium: Chromium's portable NTLM (net/ntlm/ntlm_client.cc, ntlm.cc, ntlm_constants.h), used
//    by Chrome, Chromium and Edge on Linux and macOS.
//      Type 1: 32 bytes, flags 0x00088207 (UNICODE|OEM|REQUEST_TARGET|NTLM|ALWAYS_SIGN|
//              EXTENDED_SESSIONSECURITY), no Version, empty Domain/Workstation fields whose
//              offset is 32.
//      Type 3: flags = (challenge flags & 0x00088207) | EXTENDED_SESSIONSECURITY; an 88-byte
//              header with a zero Version (flag not set) and a MIC; payload order session key
//              (empty), LM (Z(24)), NT, domain, user, workstation (the host name as is).
//              NTLMv2 AV pairs: the server's, MsvAvFlags |= MIC_PRESENT, MsvAvChannelBindings
//              (zeros without TLS), MsvAvTargetName "HTTP/host[:port]". No key exchange: the
//              MIC is keyed with the SessionBaseKey. NTLMv1 (policy NtlmV2Enabled=false): a
//              64-byte header, LM = ClientChallenge || Z(16), NT = DESL over MD5(SC || CC).
//  kWindowsSspi: Windows 10's msv1_0 through SSPI (IE 11 and WinINet, Edge on Windows, .NET's
//    HttpWebRequest on Windows): the widely captured Type 1
//    `TlRMTVNTUAABAAAAl4II4gAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==`:
//      Type 1: 40 bytes, flags 0xe2088297 (56|KEY_EXCH|128|VERSION|EXTENDED_SESSIONSECURITY|
//              ALWAYS_SIGN|NTLM|LM_KEY|SIGN|REQUEST_TARGET|OEM|UNICODE), empty fields with
//              offset 0, Version 10.0 build 19041 revision 15.
//      Type 3: flags = the challenge's flags the client asked for, plus TARGET_INFO, without
//              TARGET_TYPE_* (typically 0xe2888215); an 88-byte header with Version and MIC
//              (MIC only when the challenge carried MsvAvTimestamp, MS-NLMP 3.1.5.1.2); payload
//              order domain, user, workstation (NetBIOS, upper case), LM (Z(24)), NT, session
//              key; key exchange (a random ExportedSessionKey, RC4-encrypted with the
//              KeyExchangeKey). NTLMv2 AV pairs: the server's, MsvAvFlags, MsvAvSingleHost,
//              MsvAvChannelBindings, MsvAvTargetName "HTTP/host".
//
// The exported session key (for SPNEGO's mechListMIC, ntlm_session_security.h) is available once
// authenticate() succeeded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "auth/ntlm/ntlm_encode.h"
#include "auth/ntlm/ntlm_keys.h"

namespace authreplay::auth::ntlm {

enum class ClientStyle { kChromium, kWindowsSspi };

// Windows 10 2004 (build 19041), NTLMSSP_REVISION_W2K3.
inline constexpr Version kWindows10Version{10, 0, 19041, 15};

// Microseconds-based FILETIME (100 ns since 1601-01-01) of the system clock.
std::uint64_t fileTimeNow();

struct InitiatorConfig {
  ClientStyle style = ClientStyle::kChromium;
  std::string user;    // without the domain
  std::string domain;  // as the user typed it before the backslash; empty when none
  Digest16 ntHash{};   // NTOWFv1(password); the password itself is not kept
  // NTOWFv2(ntHash, user, domain) when the caller holds it; else computed at authenticate()
  std::optional<Digest16> responseKeyV2;
  std::string workstation;
  std::string spn;        // MsvAvTargetName, e.g. "HTTP/iis01.corp.example.com"
  Bytes channelBindings;  // application data ("tls-server-end-point:" || hash); empty = none
  Version version = kWindows10Version;  // kWindowsSspi's VERSION field
  bool ntlmV2 = true;                   // false: NTLMv1 with extended session security
  // Injected in tests (MS-NLMP 4.2 vectors); default: the system clock and RAND_bytes.
  std::function<std::uint64_t()> clock;
  std::function<void(std::span<std::uint8_t>)> random;
};

struct InitiatorError {
  std::string message;  // e.g. "Type 2: TargetInfoFields: offset 900 + length 12 outside ..."
};

class NtlmInitiator {
 public:
  explicit NtlmInitiator(InitiatorConfig config);
  ~NtlmInitiator();
  NtlmInitiator(const NtlmInitiator&) = delete;
  NtlmInitiator& operator=(const NtlmInitiator&) = delete;

  // The NEGOTIATE_MESSAGE, made once and kept: the MIC covers it as sent.
  const Bytes& negotiate() const { return negotiate_; }
  // The AUTHENTICATE_MESSAGE answering `challenge` (the Type 2 as received); an error for a Type 2
  // this client would refuse. Call once.
  std::variant<Bytes, InitiatorError> authenticate(std::span<const std::uint8_t> challenge);

  bool complete() const { return exportedSessionKey_.has_value(); }
  // The session key after authenticate() (MS-NLMP 3.1.5.1.2 ExportedSessionKey).
  const std::optional<Digest16>& exportedSessionKey() const { return exportedSessionKey_; }
  std::uint32_t negotiatedFlags() const { return negotiatedFlags_; }

 private:
  std::variant<Bytes, InitiatorError> authenticateV2(const ChallengeMessage& challenge,
                                                     std::span<const std::uint8_t> raw);
  std::variant<Bytes, InitiatorError> authenticateV1(const ChallengeMessage& challenge);
  Challenge8 randomChallenge();

  InitiatorConfig config_;
  Bytes negotiate_;
  std::optional<Digest16> exportedSessionKey_;
  std::uint32_t negotiatedFlags_ = 0;
};

}  // namespace authreplay::auth::ntlm
