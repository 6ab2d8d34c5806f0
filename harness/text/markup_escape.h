// The one markup-escaping function, for XML (JUnit) and HTML/SVG (the HTML report, iis-sim's error
// pages and SOAP answers) alike: HTML5 knows the same five entities, so text from the wire (reason
// phrases, headers, URLs) never becomes markup.
#pragma once

#include <string>
#include <string_view>

namespace authreplay::text {

// Escapes text for XML/HTML attributes and character data (and drops the control characters
// XML 1.0 forbids, which no report needs either).
std::string escapeMarkup(std::string_view text);

}  // namespace authreplay::text
