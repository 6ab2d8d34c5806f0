// Names for the numbers inside NTLM messages, for people reading a report or a HAR file: the
// NegotiateFlags bits (MS-NLMP 2.2.2.5), the AV_PAIR ids (MS-NLMP 2.2.2.1) and a readable text of
// an AV pair's value (names as UTF-8, MsvAvFlags by bit, MsvAvTimestamp as a date, the rest hex).
// The decoders are in ntlm_message.h; this only names what they return.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/ntlm_message.h"

namespace authreplay::auth::ntlm {

// MS-NLMP 2.2.2.5's names of the bits set in FLAGS, lowest bit first ("NTLMSSP_NEGOTIATE_UNICODE",
// ...). A reserved bit (r1..r10) is named "reserved 0x00000008".
std::vector<std::string> negotiateFlagNames(std::uint32_t flags);

// "0xe2088297": how MS-NLMP's examples and network traces write NegotiateFlags and MsvAvFlags.
std::string flagsHex(std::uint32_t flags);

// "MsvAvNbComputerName" ... "MsvAvChannelBindings" (MS-NLMP 2.2.2.1); "AvId 12" for an unknown id.
std::string avIdName(std::uint16_t id);

// The value of PAIR as text: "WEB01" for the name ids, "0x00000002 (MIC present)" for MsvAvFlags,
// "2026-12-02T01:20:00.1234567Z" for MsvAvTimestamp (FILETIME), lowercase hex for the rest and for
// a value whose length does not fit its id.
std::string avPairText(const AvPair& pair);

}  // namespace authreplay::auth::ntlm
