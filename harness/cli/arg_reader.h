// Reads a command's arguments one by one, with option values as "--opt value" or "--opt=value".
// Shared by every command's option parser (options.cpp, bench_options.cpp).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace authreplay::cli {

// A mistake on the command line; the message is for the user (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}
  bool done() const { return index_ >= args_.size(); }

  // The next argument: NAME is the option ("--opt" of "--opt=value") or the whole argument.
  const std::string& next() {
    arg_ = args_[index_++];
    name_ = arg_;
    inline_.reset();
    if (arg_.rfind("--", 0) == 0) {
      if (const auto eq = arg_.find('='); eq != std::string::npos) {
        name_ = arg_.substr(0, eq);
        inline_ = arg_.substr(eq + 1);
      }
    }
    return name_;
  }
  const std::string& arg() const { return arg_; }
  const std::string& name() const { return name_; }
  // The current option's value; throws UsageError when there is none.
  std::string value() {
    if (inline_)
      return *inline_;
    if (done())
      throw UsageError(name_ + " needs a value");
    return args_[index_++];
  }

 private:
  const std::vector<std::string>& args_;
  std::size_t index_ = 0;
  std::string arg_;
  std::string name_;
  std::optional<std::string> inline_;
};

}  // namespace authreplay::cli
