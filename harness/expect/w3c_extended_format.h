// The W3C extended log file format (W3C Working Draft WD-logfile-960323) that IIS's site logs and
// HTTP.sys's HTTPERR log are both written in (IIS-FACTS.md §4, §10): "#" directives, of which
// "#Fields:" names the columns of the records after it, and one record per line with
// space-separated values, '-' for an empty one. What the W3C and the HTTPERR parser share.
#pragma once

#include <charconv>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::expect {

// One record: FIELDS[i] names VALUES[i] (the two have the same size).
using W3cRecordVisitor = std::function<void(const std::vector<std::string>& fields,
                                            const std::vector<std::string>& values)>;

// Calls VISIT for each record of TEXT (whole lines; CRLF or LF). FIELDS is the "#Fields:"
// directive in force and is updated by each one TEXT holds (a file restates it after a restart);
// a record whose number of values differs from it is skipped, as one that cannot be read.
void forEachW3cRecord(std::string_view text, std::vector<std::string>& fields,
                      const W3cRecordVisitor& visit);

// A value with '-' (empty) read as "".
inline std::string w3cText(const std::string& value) {
  return value == "-" ? std::string() : value;
}

// A numeric value; nullopt for '-' or anything that is not a whole number of type T.
template <typename T>
std::optional<T> w3cNumber(const std::string& value) {
  T out{};
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size())
    return std::nullopt;
  return out;
}

}  // namespace authreplay::expect
