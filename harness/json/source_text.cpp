#include "json/source_text.h"

#include <algorithm>

namespace authreplay::json {

SourceText::SourceText(std::string text) : text_(std::move(text)) {
  lineStarts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n')
      lineStarts_.push_back(i + 1);
  }
}

std::string_view SourceText::line(std::size_t number) const {
  if (number < 1 || number > lineStarts_.size())
    return {};
  const std::size_t start = lineStarts_[number - 1];
  std::size_t end = number < lineStarts_.size() ? lineStarts_[number] - 1 : text_.size();
  if (end > start && text_[end - 1] == '\r')
    --end;
  return std::string_view(text_).substr(start, end - start);
}

namespace {

bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

LineExcerpt excerptAround(std::string_view line, std::size_t column, std::size_t width) {
  const std::size_t at = column > 0 ? column - 1 : 0;
  if (line.size() <= width)
    return {std::string(line), at + 1};
  std::size_t start = at > width / 2 ? at - width / 2 : 0;
  start = std::min(start, line.size() - std::min(line.size(), width));
  std::size_t end = std::min(line.size(), start + width);
  // Never cut a UTF-8 sequence in two: the excerpt lands in HTML and terminals.
  while (start > 0 && start < line.size() && isContinuationByte(line[start]))
    --start;
  while (end < line.size() && isContinuationByte(line[end]))
    ++end;
  LineExcerpt out;
  const std::string_view lead = start > 0 ? "..." : "";
  out.text = std::string(lead) + std::string(line.substr(start, end - start)) +
             (end < line.size() ? "..." : "");
  out.caretColumn = lead.size() + (at >= start ? at - start : 0) + 1;
  return out;
}

}  // namespace authreplay::json
