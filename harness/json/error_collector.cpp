#include "json/error_collector.h"

#include <algorithm>

namespace authreplay::json {

void ErrorCollector::record(const SourceError& error) {
  if (errors_.size() < limit_)
    errors_.push_back(error);
  else
    ++dropped_;
}

void ErrorCollector::finish(const std::string& file) {
  if (errors_.empty())
    return;
  // In file order: a loader may read a part's own keys after its children.
  std::stable_sort(errors_.begin(), errors_.end(), [](const SourceError& a, const SourceError& b) {
    const auto pa = a.position();
    const auto pb = b.position();
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  if (dropped_ > 0) {
    errors_.emplace_back(file, errors_.back().position(),
                         "... and " + std::to_string(dropped_) + " more error" +
                             (dropped_ == 1 ? "" : "s") + " in this file");
  }
  throw SourceErrors(std::move(errors_));
}

}  // namespace authreplay::json
