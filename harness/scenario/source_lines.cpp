#include "scenario/source_lines.h"

namespace authreplay::scenario {

SourceLines::SourceLines(const json::SourceDocument& doc, std::string_view text) : doc_(doc) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto stop = end == std::string_view::npos ? text.size() : end;
    std::string line(text.substr(start, stop - start));
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    lines_.push_back(std::move(line));
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
}

SourceRef SourceLines::make(json::SourcePosition position) const {
  SourceRef ref;
  ref.file = doc_.file();
  ref.line = position.line;
  ref.column = position.column;
  if (position.line >= 1 && position.line <= lines_.size())
    ref.lineText = lines_[position.line - 1];
  return ref;
}

SourceRef SourceLines::valueRef(const std::string& pointer) const {
  return make(doc_.valuePosition(pointer));
}

SourceRef SourceLines::keyRef(const std::string& pointer) const {
  return make(doc_.keyPosition(pointer));
}

}  // namespace authreplay::scenario
