#include "cli/progress_line.h"

namespace authreplay::cli {

ProgressLine::ProgressLine(std::ostream* terminal, std::size_t width)
    : terminal_(terminal), width_(width < 20 ? 20 : width) {}

void ProgressLine::sending(std::size_t index, std::size_t total, const std::string& scenarioId) {
  show("[" + std::to_string(index + 1) + "/" + std::to_string(total) + "] sending " + scenarioId,
       true);
}

void ProgressLine::waitingForLog(std::size_t legsWaiting, std::size_t legsTotal,
                                 std::chrono::milliseconds left) {
  const auto seconds = (left.count() + 999) / 1000;
  show("waiting for the W3C log: " + std::to_string(legsWaiting) + " of " +
           std::to_string(legsTotal) + " legs without their line, " + std::to_string(seconds) +
           " s left",
       legsWaiting == 0);
}

void ProgressLine::clear() {
  if (terminal_ == nullptr || !shown_)
    return;
  *terminal_ << "\r\x1b[K" << std::flush;
  shown_ = false;
}

void ProgressLine::show(std::string text, bool force) {
  if (terminal_ == nullptr)
    return;
  // At most ten redraws a second: a terminal over ssh need not get one per poll.
  const auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - lastShown_ < std::chrono::milliseconds(100))
    return;
  lastShown_ = now;
  // A scenario id is file content: no control character of it reaches the terminal.
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = '?';
  }
  // One column short of the width, so the cursor never wraps to a new line.
  if (text.size() > width_ - 1)
    text.resize(width_ - 1);
  *terminal_ << "\r" << text << "\x1b[K" << std::flush;
  shown_ = true;
}

}  // namespace authreplay::cli
