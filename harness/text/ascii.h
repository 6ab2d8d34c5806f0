// ASCII text helpers for protocol text: header names, auth schemes and host names compare without
// regard to case (RFC 9110 §5.1, §11.1), so every layer uses these rather than its own copy.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::text {

bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);
// ASCII only, whatever the C locale: protocol names are ASCII, and a locale's tolower could fold
// bytes of a UTF-8 name differently on another machine.
char toLower(char c);
std::string toLower(std::string_view text);
std::string toUpper(std::string_view text);
// The value of a hexadecimal digit (0-9, a-f, A-F), -1 for any other byte.
int hexValue(char c);
// BYTES as lower-case hexadecimal, two digits a byte ("0d0a").
std::string hexEncode(std::span<const std::uint8_t> bytes);
// Strips spaces, tabs, CR and LF at both ends (HTTP's optional whitespace, plus line ends).
std::string_view trimWhitespace(std::string_view text);
// The words of TEXT between runs of spaces (a W3C log line's fields, a baseline's check name).
std::vector<std::string> splitSpaces(std::string_view text);

// Replaces every FROM in TEXT with TO, left to right; TO is not searched again.
void replaceAll(std::string& text, std::string_view from, std::string_view to);

}  // namespace authreplay::text
