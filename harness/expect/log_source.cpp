#include "expect/log_source.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <string_view>

namespace authreplay::expect {

namespace {

// Holds back a line still being written (no newline yet) until its end arrives; a line that grows
// past kMaxLogLineBytes is dropped, up to and with its newline.
class WholeLines {
 public:
  // The whole lines of what was held back plus APPENDED.
  std::string take(std::string_view appended) {
    if (skipping_) {
      const auto end = appended.find('\n');
      if (end == std::string_view::npos)
        return {};
      appended.remove_prefix(end + 1);
      skipping_ = false;
    }
    partial_.append(appended);
    const auto lastNewline = partial_.rfind('\n');
    std::string lines;
    if (lastNewline != std::string::npos) {
      lines = partial_.substr(0, lastNewline + 1);
      partial_.erase(0, lastNewline + 1);
    }
    if (partial_.size() > kMaxLogLineBytes) {
      partial_.clear();
      partial_.shrink_to_fit();
      skipping_ = true;
    }
    return lines;
  }

 private:
  std::string partial_;
  bool skipping_ = false;
};

class FolderLogSource final : public LogSource {
 public:
  FolderLogSource(std::filesystem::path directory, LogFileNames names)
      : directory_(std::move(directory)), where_(directory_.string()), names_(std::move(names)) {}

  LogRead read() override {
    LogRead out;
    for (const auto& path : logFiles()) {
      auto& state = files_[path];
      std::error_code ec;
      const std::uintmax_t size = std::filesystem::file_size(path, ec);
      if (ec || size <= state.offset)
        continue;
      std::ifstream in(path, std::ios::binary);
      if (!in)
        continue;
      in.seekg(static_cast<std::streamoff>(state.offset));
      std::string appended(std::min<std::uintmax_t>(size - state.offset, kMaxLogReadBytes), '\0');
      in.read(appended.data(), static_cast<std::streamsize>(appended.size()));
      appended.resize(static_cast<std::size_t>(in.gcount()));
      state.offset += appended.size();
      if (auto lines = state.lines.take(appended); !lines.empty())
        out.appended.push_back({path.string(), std::move(lines)});
    }
    return out;
  }

  const std::string& where() const override { return where_; }
  std::chrono::milliseconds pollInterval() const override { return std::chrono::milliseconds(0); }

 private:
  struct FileState {
    std::uintmax_t offset = 0;
    WholeLines lines;
  };

  bool isLogFile(const std::filesystem::directory_entry& entry) const {
    const auto name = entry.path().filename().string();
    return entry.is_regular_file() && name.rfind(names_.prefix, 0) == 0 &&
           entry.path().extension() == names_.extension;
  }

  // In name order, which for u_exYYMMDD.log and httperrN.log is the order IIS wrote them in.
  std::vector<std::filesystem::path> logFiles() const {
    namespace fs = std::filesystem;
    std::vector<fs::path> logs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory_, ec)) {
      if (isLogFile(entry))
        logs.push_back(entry.path());
      const bool siteFolder =
          !names_.subfolderPrefix.empty() && entry.is_directory() &&
          entry.path().filename().string().rfind(names_.subfolderPrefix, 0) == 0;
      if (!siteFolder)
        continue;
      std::error_code innerError;
      for (const auto& inner : fs::directory_iterator(entry.path(), innerError)) {
        if (isLogFile(inner))
          logs.push_back(inner.path());
      }
    }
    std::sort(logs.begin(), logs.end());
    return logs;
  }

  std::filesystem::path directory_;
  std::string where_;
  LogFileNames names_;
  std::map<std::filesystem::path, FileState> files_;
};

class CommandLogSource final : public LogSource {
 public:
  CommandLogSource(LogFetch fetch, std::string where)
      : fetch_(std::move(fetch)), where_(std::move(where)) {}

  LogRead read() override {
    auto fetched = fetch_();
    LogRead out;
    out.error = std::move(fetched.error);
    // A file that no longer starts with what was read of it was replaced: everything is read
    // again. Comparing a hash of the prefix keeps one copy of the log in memory, not two.
    for (const auto& file : fetched.files) {
      const auto it = files_.find(file.file);
      if (it != files_.end() && !extends(file.text, it->second)) {
        out.restarted = true;
        break;
      }
    }
    if (out.restarted)
      files_.clear();
    for (auto& file : fetched.files) {
      auto& state = files_[file.file];
      const std::string_view added = std::string_view(file.text).substr(state.size);
      state.size = file.text.size();
      state.prefixHash = std::hash<std::string_view>{}(file.text);
      if (auto lines = state.lines.take(added); !lines.empty())
        out.appended.push_back({file.file, std::move(lines)});
    }
    return out;
  }

  const std::string& where() const override { return where_; }
  // A fetch is a round trip to the server and prints the whole file: every 2 s is often enough
  // against a log HTTP.sys writes once a minute (IIS-FACTS.md §4).
  std::chrono::milliseconds pollInterval() const override { return std::chrono::seconds(2); }

 private:
  struct FileState {
    std::size_t size = 0;
    std::size_t prefixHash = std::hash<std::string_view>{}(std::string_view());
    WholeLines lines;
  };

  static bool extends(const std::string& text, const FileState& state) {
    return text.size() >= state.size && std::hash<std::string_view>{}(std::string_view(text).substr(
                                            0, state.size)) == state.prefixHash;
  }

  LogFetch fetch_;
  std::string where_;
  std::map<std::string, FileState> files_;
};

}  // namespace

std::unique_ptr<LogSource> makeFolderLogSource(std::filesystem::path directory,
                                               LogFileNames names) {
  return std::make_unique<FolderLogSource>(std::move(directory), std::move(names));
}

std::unique_ptr<LogSource> makeCommandLogSource(LogFetch fetch, std::string where) {
  return std::make_unique<CommandLogSource>(std::move(fetch), std::move(where));
}

}  // namespace authreplay::expect
