// The lines of a loaded file, so that positions found by json::SourceDocument become SourceRefs
// that carry their line's text (the error display quotes it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "json/source_document.h"
#include "scenario/source_ref.h"

namespace authreplay::scenario {

class SourceLines {
 public:
  SourceLines(const json::SourceDocument& doc, std::string_view text);

  SourceRef valueRef(const std::string& pointer) const;
  SourceRef keyRef(const std::string& pointer) const;

 private:
  SourceRef make(json::SourcePosition position) const;
  const json::SourceDocument& doc_;
  std::vector<std::string> lines_;
};

}  // namespace authreplay::scenario
