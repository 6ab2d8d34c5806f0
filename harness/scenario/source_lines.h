// Positions found by json::SourceDocument as SourceRefs: each carries the file name, line and
// column, and shares the document's text and line index (never a copy of its line).
#pragma once

#include <string>

#include "json/source_document.h"
#include "scenario/source_ref.h"

namespace authreplay::scenario {

class SourceLines {
 public:
  explicit SourceLines(const json::SourceDocument& doc) : doc_(doc) {}

  SourceRef valueRef(const std::string& pointer) const;
  SourceRef keyRef(const std::string& pointer) const;

 private:
  SourceRef make(json::SourcePosition position) const;
  const json::SourceDocument& doc_;
};

}  // namespace authreplay::scenario
