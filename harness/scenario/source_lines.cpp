#include "scenario/source_lines.h"

namespace authreplay::scenario {

SourceRef SourceLines::make(json::SourcePosition position) const {
  return SourceRef{doc_.file(), position.line, position.column, doc_.source()};
}

SourceRef SourceLines::valueRef(const std::string& pointer) const {
  return make(doc_.valuePosition(pointer));
}

SourceRef SourceLines::keyRef(const std::string& pointer) const {
  return make(doc_.keyPosition(pointer));
}

}  // namespace authreplay::scenario
