// Base64 (RFC 4648 §4, standard alphabet with padding) for HTTP authentication tokens: the token
// after "NTLM " / "Negotiate " and Basic credentials (RFC 7617) all use this alphabet.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::auth {

std::string base64Encode(std::span<const std::uint8_t> bytes);

// Strict decoder: only the standard alphabet, length a multiple of 4, '=' only as 1 or 2 trailing
// pad characters, no whitespace. Returns nullopt for anything else (a peer's malformed token must
// become SEC_E_INVALID_TOKEN, never a partial decode).
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

}  // namespace authreplay::auth
