// Where something stood in a scenario or target file, kept on every expectation so that a failure
// can point back at it the way a compiler does (STYLE.md: Hurl's "--> file:line:col").
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "json/source_text.h"

namespace authreplay::scenario {

struct SourceRef {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  // The file's text and line index, shared by every position in it: the line is cut out only
  // when an error display shows it (json/source_text.h).
  std::shared_ptr<const json::SourceText> source;

  bool known() const { return line != 0; }
  std::string location() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  // The source line itself; empty when the text is not kept.
  std::string_view lineText() const { return source ? source->line(line) : std::string_view(); }
  // The part of the line an error display shows, and where its caret goes.
  json::LineExcerpt excerpt() const { return json::excerptAround(lineText(), column); }
};

}  // namespace authreplay::scenario
