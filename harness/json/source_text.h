// The text of a loaded file and where each of its lines starts. A position's line is cut out of
// the text only when an error or a failed check shows it: every expectation keeps a position, and
// copying its whole line into each made a minified (one-line) scenario file quadratic in memory
// (a 227 KB file took 2.2 GB; issue 12).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::json {

class SourceText {
 public:
  explicit SourceText(std::string text);

  const std::string& text() const { return text_; }
  std::size_t lineCount() const { return lineStarts_.size(); }
  // Line NUMBER (1-based) without its line break ("\n" or "\r\n"); empty when there is none.
  std::string_view line(std::size_t number) const;

 private:
  std::string text_;
  std::vector<std::size_t> lineStarts_;  // offset of the first byte of each line
};

// What of a long line is shown under an error: at most about WIDTH bytes around COLUMN (1-based,
// in bytes), with "..." where it was cut, and the caret's column within the shown text. A line of
// a minified file can be megabytes long; a report quotes the part that matters.
struct LineExcerpt {
  std::string text;
  std::size_t caretColumn = 1;
};
LineExcerpt excerptAround(std::string_view line, std::size_t column, std::size_t width = 120);

}  // namespace authreplay::json
