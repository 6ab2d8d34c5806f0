// Regular expressions on text the project does not control (server responses, and the patterns of
// scenario files) run on RE2: time linear in the input, no backtracking, and no recursion per
// character. libstdc++'s std::regex recurses once per character matched, so a 20 KB run of
// spaces in an error page or a 40 KB scenario id overflowed the stack (issue 12). RE2's syntax is
// its own (https://github.com/google/re2/wiki/Syntax): Perl-like, without backreferences or
// lookaround. Each pattern's memory is bounded (kMaxMemoryBytes); a pattern that needs more is
// refused when it is compiled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace authreplay::text {

class LinearRegex {
 public:
  // RE2::Options::max_mem of every pattern: what RE2 may spend on the compiled program and its
  // lazily built DFA; past it the DFA falls back to the (slower, still linear) NFA.
  static constexpr std::int64_t kMaxMemoryBytes = 8 * 1024 * 1024;

  // PATTERN compiled, or nullopt with ERROR set to RE2's message ("missing ): (abc").
  static std::optional<LinearRegex> compile(std::string_view pattern, std::string& error);

  // A pattern written in the project's own code: one that does not compile throws
  // std::logic_error (a programming error, which the unit tests meet first).
  static LinearRegex fixed(std::string_view pattern);

  // True when the pattern matches anywhere in TEXT (as std::regex_search did).
  bool search(std::string_view text) const;
  // The same, filling GROUPS with the capture groups of the leftmost match (one per group).
  bool search(std::string_view text, std::vector<std::string_view>& groups) const;

  const std::string& pattern() const { return pattern_; }

 private:
  LinearRegex(std::string pattern, std::shared_ptr<const re2::RE2> compiled)
      : pattern_(std::move(pattern)), compiled_(std::move(compiled)) {}

  std::string pattern_;
  std::shared_ptr<const re2::RE2> compiled_;  // immutable, so copies share it (RE2 is thread-safe)
};

}  // namespace authreplay::text
