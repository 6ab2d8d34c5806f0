#include "text/linear_regex.h"

#include <re2/re2.h>

#include <stdexcept>

namespace authreplay::text {

std::optional<LinearRegex> LinearRegex::compile(std::string_view pattern, std::string& error) {
  RE2::Options options;
  options.set_max_mem(kMaxMemoryBytes);
  options.set_log_errors(false);  // the caller reports the error, at the pattern's position
  auto compiled =
      std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!compiled->ok()) {
    error = compiled->error();
    return std::nullopt;
  }
  return LinearRegex(std::string(pattern), std::move(compiled));
}

LinearRegex LinearRegex::fixed(std::string_view pattern) {
  std::string error;
  auto compiled = compile(pattern, error);
  if (!compiled)
    throw std::logic_error("bad built-in pattern \"" + std::string(pattern) + "\": " + error);
  return std::move(*compiled);
}

bool LinearRegex::search(std::string_view text) const {
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *compiled_);
}

bool LinearRegex::search(std::string_view text, std::vector<std::string_view>& groups) const {
  const int count = compiled_->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> pieces(static_cast<std::size_t>(count) + 1);
  const re2::StringPiece input(text.data(), text.size());
  if (!compiled_->Match(input, 0, input.size(), re2::RE2::UNANCHORED, pieces.data(),
                        static_cast<int>(pieces.size()))) {
    return false;
  }
  groups.clear();
  for (std::size_t i = 1; i < pieces.size(); ++i)
    groups.emplace_back(pieces[i].data(), pieces[i].size());
  return true;
}

}  // namespace authreplay::text
