#include "text/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace authreplay::text {

namespace {

const char* kindOf(mode_t mode) {
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISDIR(mode))
    return "a folder";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a plain file";
}

// Closes the descriptor on every way out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string tooLarge(std::size_t maxBytes, const std::string& size) {
  return "file is " + size + " bytes, more than the limit of " + std::to_string(maxBytes);
}

}  // namespace

std::optional<std::string> readRegularFile(const std::filesystem::path& path, std::size_t maxBytes,
                                           std::string& error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; fstat then tells
  // what was opened, so a file swapped after a stat() cannot slip through.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    error = std::string("cannot read file (") + std::strerror(errno) + ")";
    return std::nullopt;
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    error = std::string("cannot read file (") + std::strerror(errno) + ")";
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    error = std::string("not a regular file (") + kindOf(info.st_mode) + ")";
    return std::nullopt;
  }
  if (static_cast<std::uintmax_t>(info.st_size) > maxBytes) {
    error = tooLarge(maxBytes, std::to_string(info.st_size));
    return std::nullopt;
  }
  std::string content;
  content.resize(static_cast<std::size_t>(info.st_size));
  std::size_t used = 0;
  // Read one byte past the limit at most: a file that grows while it is read is still bounded.
  while (true) {
    if (used == content.size()) {
      if (content.size() > maxBytes) {
        error = tooLarge(maxBytes, "more than " + std::to_string(maxBytes));
        return std::nullopt;
      }
      content.resize(std::min(maxBytes + 1, std::max<std::size_t>(used * 2, 4096)));
    }
    const auto n = ::read(fd.get(), content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = std::string("cannot read file (") + std::strerror(errno) + ")";
      return std::nullopt;
    }
    if (n == 0)
      break;
    used += static_cast<std::size_t>(n);
  }
  if (used > maxBytes) {
    error = tooLarge(maxBytes, "more than " + std::to_string(maxBytes));
    return std::nullopt;
  }
  content.resize(used);
  return content;
}

}  // namespace authreplay::text
