// A log read from a LogSource (expect/log_source.h) and parsed as it grows: each file's new whole
// lines go through the format's parser with that file's "#Fields:" directive so far, and a source
// that had to start over (LogRead::restarted) is read anew. What the W3C and HTTPERR readers share.
#pragma once

#include <cstddef>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expect/log_source.h"

namespace authreplay::expect {

template <typename Entry>
class ParsedLog {
 public:
  using Parse = std::vector<Entry> (*)(std::string_view text, std::vector<std::string>& fields);

  ParsedLog(std::unique_ptr<LogSource> source, Parse parse)
      : source_(std::move(source)), parse_(parse) {}

  // Reads what the log gained since the last call.
  void refresh() {
    auto read = source_->read();
    readError_ = std::move(read.error);
    if (read.restarted) {
      entries_.clear();
      fields_.clear();
      ++generation_;
    }
    for (const auto& chunk : read.appended) {
      auto parsed = parse_(chunk.text, fields_[chunk.file]);
      entries_.insert(entries_.end(), std::make_move_iterator(parsed.begin()),
                      std::make_move_iterator(parsed.end()));
    }
  }

  const std::vector<Entry>& entries() const { return entries_; }
  // Goes up each time the source started over: ENTRIES was read anew, and indexes into it taken
  // before are void.
  std::size_t generation() const { return generation_; }
  // Why the last refresh could not read (part of) the log; nullopt when it could.
  const std::optional<std::string>& readError() const { return readError_; }
  const LogSource& source() const { return *source_; }

 private:
  std::unique_ptr<LogSource> source_;
  Parse parse_;
  std::map<std::string, std::vector<std::string>> fields_;  // file -> its "#Fields:" so far
  std::vector<Entry> entries_;
  std::size_t generation_ = 0;
  std::optional<std::string> readError_;
};

}  // namespace authreplay::expect
