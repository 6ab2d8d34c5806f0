// The one escaping function of the reporters, for XML (JUnit) and HTML/SVG (the HTML report)
// alike: HTML5 knows the same five entities, so text from the wire (reason phrases, headers, URLs)
// never becomes markup in either report.
#pragma once

#include <string>
#include <string_view>

namespace authreplay::report {

// Escapes text for XML/HTML attributes and character data (and drops the control characters
// XML 1.0 forbids, which no report needs either).
std::string xmlEscape(std::string_view text);

}  // namespace authreplay::report
