// The server side of NTLM (MS-NLMP 3.2), judging as a Windows Server 2016/2019 member server does
// (msv1_0 with LmCompatibilityLevel 5, the default since Windows Server 2008 R2 hardening
// guidance, and the only NTLM left in Windows Server 2025, which removed NTLMv1):
//
//  challenge(Type 1): any well-formed NEGOTIATE_MESSAGE, 32 or 40 bytes, as sent (no rewriting);
//    answers a CHALLENGE_MESSAGE with Version 10.0 (build per config), TargetName = NetBIOS domain
//    (TARGET_TYPE_DOMAIN), TargetInfo MsvAvNbDomainName, MsvAvNbComputerName, MsvAvDnsDomainName,
//    MsvAvDnsComputerName, MsvAvDnsTreeName, MsvAvTimestamp (Windows' order), and the flags
//    Windows answers with: what the client asked for of UNICODE (else OEM), SIGN, SEAL,
//    ALWAYS_SIGN, EXTENDED_SESSIONSECURITY (which drops LM_KEY), 128, 56, KEY_EXCH; always
//    NTLM, REQUEST_TARGET, TARGET_INFO, VERSION, and TARGET_TYPE_DOMAIN as a domain member
//    (0xe2898215 for IE's Type 1, 0x02898205 for Chrome's; a workgroup server would set
//    TARGET_TYPE_SERVER and name itself, the 0xe28a8215 of many captures).
//  authenticate(Type 3): NTLMv2 verified against the account's NT hash (NTProofStr, MS-NLMP
//    3.3.2, with the domain as sent and, as 3.2.5.1.2 asks, also with an empty domain); key
//    exchange; the MIC, when MsvAvFlags announces one, over the three messages exactly as they
//    travelled (3.2.5.1.2). NTLMv1 / LM responses are refused unless allowNtlmV1.
//
// Outcomes carry the status Windows reports (IIS logs it as sc-win32-status, IIS-FACTS.md §1):
// a message that does not decode or arrives out of order is SEC_E_INVALID_TOKEN; a response that
// does not verify, an unknown user, NTLMv1 under level 5 and a MIC mismatch are
// SEC_E_LOGON_DENIED (the MIC case is *unconfirmed*: MS-NLMP only says "an authentication
// failure MUST be returned").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "auth/ntlm/ntlm_encode.h"
#include "auth/ntlm/ntlm_keys.h"

namespace authreplay::auth::ntlm {

inline constexpr std::uint32_t kSecEInvalidToken = 0x80090308u;  // 2148074248
inline constexpr std::uint32_t kSecELogonDenied = 0x8009030Cu;   // 2148074252

// Windows Server 2019 (build 17763); Server 2016 is 14393.
inline constexpr Version kWindowsServer2019Version{10, 0, 17763, 15};

struct Account {
  std::string domain;  // the account's own spelling, "HARNESS"
  std::string user;    // "alice"
  Digest16 ntHash{};
};

struct AcceptorConfig {
  std::string netbiosComputer = "IIS01";
  std::string netbiosDomain = "HARNESS";
  std::string dnsComputer = "iis01.harness.test";
  std::string dnsDomain = "harness.test";
  std::string dnsTree = "harness.test";
  Version version = kWindowsServer2019Version;
  bool allowNtlmV1 = false;  // LmCompatibilityLevel < 5 on the domain controller
  // The account for a Type 3's (domain, user), case-insensitively; nullopt for an unknown one.
  std::function<std::optional<Account>(std::string_view domain, std::string_view user)> lookup;
  // Injected in tests; default: the system clock and RAND_bytes.
  std::function<std::uint64_t()> clock;
  std::function<void(std::span<std::uint8_t>)> random;
};

struct AcceptFailure {
  std::uint32_t win32Status = kSecEInvalidToken;
  std::string reason;  // one line for the server's log; never a secret
};

struct AcceptedLogon {
  Account account;
  std::string clientDomain;  // as the Type 3 carried them
  std::string clientUser;
  std::string workstation;
  bool ntlmV2 = true;
  bool micVerified = false;
  std::optional<Digest16> channelBindings;  // MsvAvChannelBindings of an NTLMv2 response
  std::optional<std::string> targetName;    // MsvAvTargetName (SPN) of an NTLMv2 response
  Digest16 exportedSessionKey{};
  std::uint32_t negotiatedFlags = 0;
};

// One handshake: challenge() then authenticate(), each once.
class NtlmAcceptor {
 public:
  explicit NtlmAcceptor(std::shared_ptr<const AcceptorConfig> config);

  std::variant<Bytes, AcceptFailure> challenge(std::span<const std::uint8_t> negotiate);
  std::variant<AcceptedLogon, AcceptFailure> authenticate(
      std::span<const std::uint8_t> authenticate);

  bool awaitingAuthenticate() const { return !challenge_.empty() && !finished_; }

 private:
  std::variant<AcceptedLogon, AcceptFailure> verify(std::span<const std::uint8_t> raw);

  std::shared_ptr<const AcceptorConfig> config_;
  Bytes negotiate_;
  Bytes challenge_;
  Challenge8 serverChallenge_{};
  bool finished_ = false;
};

}  // namespace authreplay::auth::ntlm
