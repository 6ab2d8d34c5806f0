// The shape of the URLs a target names (origins, proxies, --target) and of "host:port" keys,
// checked by hand: each is a scheme and a character class, and std::regex, which recurses per
// character, overflowed the stack on a 100 KB origin (issue 12).
#pragma once

#include <cstddef>
#include <string_view>

namespace authreplay::scenario {

// Longer origin and proxy URLs are refused: HTTP.sys refuses request lines over MaxFieldLength
// (16 KB, KB 820129) and IIS URLs over maxUrl (4096) anyway.
inline constexpr std::size_t kMaxUrlBytes = 8192;

// "http://" or "https://" (any case), an authority of at least one character without '/' or
// white space, then nothing or '/' and a path without white space.
bool isHttpUrl(std::string_view url);
// The same without a path: at most one '/' after the authority ("http://host:8080/").
bool isHttpOrigin(std::string_view url);
// "host:port": a host without ':' or white space, ':', and 1 to 5 digits.
bool isHostPort(std::string_view text);
// A DNS host name (RFC 1123 §2.1): 1 to 253 letters, digits, '-' and '.', not starting or ending
// with '.' or '-' (no port, no scheme, no brackets).
bool isHostName(std::string_view text);

}  // namespace authreplay::scenario
