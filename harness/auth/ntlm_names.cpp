#include "auth/ntlm_names.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

#include "text/ascii.h"

namespace authreplay::auth::ntlm {
namespace {

std::uint64_t littleEndian(const std::vector<std::uint8_t>& bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes.size(); i > 0; --i)
    value = (value << 8) | bytes[i - 1];
  return value;
}

// FILETIME: 100 ns intervals since 1601-01-01 UTC (MS-DTYP 2.3.3), shown to the 100 ns.
std::string fileTimeText(std::uint64_t fileTime) {
  constexpr std::uint64_t kUnixEpoch = 116444736000000000ull;  // 1970-01-01 as a FILETIME
  if (fileTime < kUnixEpoch)
    return "FILETIME " + std::to_string(fileTime);
  const std::uint64_t since = fileTime - kUnixEpoch;
  const auto seconds = static_cast<std::time_t>(since / 10000000u);
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr)
    return "FILETIME " + std::to_string(fileTime);
  char buffer[48];
  const auto length = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%07lluZ",
                static_cast<unsigned long long>(since % 10000000u));
  return std::string(buffer, length) + fraction;
}

// MsvAvFlags bits (MS-NLMP 2.2.2.1); the spec gives them no symbolic names, only meanings.
std::string avFlagsText(std::uint32_t flags) {
  static constexpr std::array<std::pair<std::uint32_t, const char*>, 3> kBits{{
      {0x00000001, "account authentication constrained"},
      {0x00000002, "MIC present"},
      {0x00000004, "target SPN from an untrusted source"},
  }};
  std::string names;
  std::uint32_t known = 0;
  for (const auto& [bit, name] : kBits) {
    known |= bit;
    if ((flags & bit) != 0)
      names += (names.empty() ? "" : ", ") + std::string(name);
  }
  if ((flags & ~known) != 0)
    names += (names.empty() ? "" : ", ") + std::string("unknown ") + flagsHex(flags & ~known);
  return flagsHex(flags) + (names.empty() ? "" : " (" + names + ")");
}

}  // namespace

std::string flagsHex(std::uint32_t flags) {
  char buffer[11];
  std::snprintf(buffer, sizeof buffer, "0x%08x", flags);
  return buffer;
}

std::vector<std::string> negotiateFlagNames(std::uint32_t flags) {
  // MS-NLMP 2.2.2.5, from bit A (0x1) up. Bit J has no NTLMSSP_ name in the spec ("the connection
  // SHOULD be anonymous"); NTLMSSP_NEGOTIATE_ANONYMOUS is the name Windows' headers and
  // Wireshark give it. Reserved bits are nullptr.
  static constexpr std::array<const char*, 32> kNames{
      "NTLMSSP_NEGOTIATE_UNICODE",                   // A 0x00000001
      "NTLM_NEGOTIATE_OEM",                          // B 0x00000002
      "NTLMSSP_REQUEST_TARGET",                      // C 0x00000004
      nullptr,                                       // r10
      "NTLMSSP_NEGOTIATE_SIGN",                      // D 0x00000010
      "NTLMSSP_NEGOTIATE_SEAL",                      // E 0x00000020
      "NTLMSSP_NEGOTIATE_DATAGRAM",                  // F 0x00000040
      "NTLMSSP_NEGOTIATE_LM_KEY",                    // G 0x00000080
      nullptr,                                       // r9
      "NTLMSSP_NEGOTIATE_NTLM",                      // H 0x00000200
      nullptr,                                       // r8
      "NTLMSSP_NEGOTIATE_ANONYMOUS",                 // J 0x00000800
      "NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED",       // K 0x00001000
      "NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED",  // L 0x00002000
      nullptr,                                       // r7
      "NTLMSSP_NEGOTIATE_ALWAYS_SIGN",               // M 0x00008000
      "NTLMSSP_TARGET_TYPE_DOMAIN",                  // N 0x00010000
      "NTLMSSP_TARGET_TYPE_SERVER",                  // O 0x00020000
      nullptr,                                       // r6
      "NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY",  // P 0x00080000
      "NTLMSSP_NEGOTIATE_IDENTIFY",                  // Q 0x00100000
      nullptr,                                       // r5
      "NTLMSSP_REQUEST_NON_NT_SESSION_KEY",          // R 0x00400000
      "NTLMSSP_NEGOTIATE_TARGET_INFO",               // S 0x00800000
      nullptr,                                       // r4
      "NTLMSSP_NEGOTIATE_VERSION",                   // T 0x02000000
      nullptr,                                       // r3
      nullptr,                                       // r2
      nullptr,                                       // r1
      "NTLMSSP_NEGOTIATE_128",                       // U 0x20000000
      "NTLMSSP_NEGOTIATE_KEY_EXCH",                  // V 0x40000000
      "NTLMSSP_NEGOTIATE_56",                        // W 0x80000000
  };
  std::vector<std::string> out;
  for (std::size_t bit = 0; bit < kNames.size(); ++bit) {
    const std::uint32_t mask = std::uint32_t{1} << bit;
    if ((flags & mask) == 0)
      continue;
    out.push_back(kNames[bit] != nullptr ? std::string(kNames[bit]) : "reserved " + flagsHex(mask));
  }
  return out;
}

std::string avIdName(std::uint16_t id) {
  static constexpr std::array<const char*, 11> kNames{
      "MsvAvEOL",           "MsvAvNbComputerName", "MsvAvNbDomainName",   "MsvAvDnsComputerName",
      "MsvAvDnsDomainName", "MsvAvDnsTreeName",    "MsvAvFlags",          "MsvAvTimestamp",
      "MsvAvSingleHost",    "MsvAvTargetName",     "MsvAvChannelBindings"};
  return id < kNames.size() ? std::string(kNames[id]) : "AvId " + std::to_string(id);
}

std::string avPairText(const AvPair& pair) {
  switch (static_cast<AvId>(pair.id)) {
    case AvId::kNbComputerName:
    case AvId::kNbDomainName:
    case AvId::kDnsComputerName:
    case AvId::kDnsDomainName:
    case AvId::kDnsTreeName:
    case AvId::kTargetName:
      // Names are UTF-16LE whatever the negotiated encoding (MS-NLMP 2.2.2.1).
      if (auto text = utf16leToUtf8(pair.value))
        return *text;
      break;
    case AvId::kFlags:
      if (pair.value.size() == 4)
        return avFlagsText(static_cast<std::uint32_t>(littleEndian(pair.value)));
      break;
    case AvId::kTimestamp:
      if (pair.value.size() == 8)
        return fileTimeText(littleEndian(pair.value));
      break;
    default:
      break;
  }
  return text::hexEncode(pair.value);
}

}  // namespace authreplay::auth::ntlm
