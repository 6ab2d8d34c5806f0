// Dates in reports as ISO 8601 in UTC: "2026-12-02T01:20:00.123Z", with milliseconds, as HAR 1.2
// wants for startedDateTime (and as Chrome and Fiddler write it).
#pragma once

#include <chrono>
#include <string>

namespace authreplay::report {

std::string isoTimeMillis(std::chrono::system_clock::time_point at);

// "2026-12-02T01:20:00", to the second and without a zone (JUnit's timestamp attribute; the JSON
// report appends "Z").
std::string isoTimeSeconds(std::chrono::system_clock::time_point at);

}  // namespace authreplay::report
