#include "expect/w3c_extended_format.h"

#include "text/ascii.h"

namespace authreplay::expect {

void forEachW3cRecord(std::string_view text, std::vector<std::string>& fields,
                      const W3cRecordVisitor& visit) {
  constexpr std::string_view kFields = "#Fields:";
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty())
      continue;
    if (line.front() == '#') {
      if (line.substr(0, kFields.size()) == kFields)
        fields = text::splitSpaces(line.substr(kFields.size()));
      continue;
    }
    const auto values = text::splitSpaces(line);
    if (fields.empty() || values.size() != fields.size())
      continue;  // not a line we can read
    visit(fields, values);
  }
}

}  // namespace authreplay::expect
