// Reading a file on after an error, to report every error of it at once (issue 15: "only the
// first error of a file is reported"). A loader runs each independent part of its file (a
// scenario's client, each step, each leg; a target file's sections) through collect(); an error
// one part throws is recorded and the next part is read. finish() then throws them all, in file
// order, as one SourceErrors (up to a limit, the rest counted), or returns when there were none.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "json/source_document.h"

namespace authreplay::json {

class ErrorCollector {
 public:
  static constexpr std::size_t kDefaultLimit = 20;
  explicit ErrorCollector(std::size_t limit = kDefaultLimit) : limit_(limit) {}

  // Runs READ; false when it threw a SourceError (or SourceErrors), which is recorded.
  template <typename F>
  bool collect(F&& read) {
    try {
      read();
      return true;
    } catch (const SourceErrors& e) {
      for (const auto& error : e.all())
        record(error);
    } catch (const SourceError& e) {
      record(e);
    }
    return false;
  }

  bool empty() const { return errors_.empty(); }

  // Throws every recorded error of FILE, sorted by position, as SourceErrors; returns if none.
  void finish(const std::string& file);

 private:
  void record(const SourceError& error);

  std::size_t limit_;
  std::vector<SourceError> errors_;
  std::size_t dropped_ = 0;
};

}  // namespace authreplay::json
