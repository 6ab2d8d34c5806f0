// The helper's reading of squid's pipe: lines split as sent, a line over the bound discarded
// whole (one kTooLong per such line, so each request still gets one reply), end of input.
#include "bounded_line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace squidntlm {
namespace {

// Reads everything written to a pipe by another thread (so a large write cannot block).
std::vector<std::pair<BoundedLineReader::Result, std::string>> readAll(const std::string& input,
                                                                       std::size_t max) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    std::string_view rest = input;
    while (!rest.empty()) {
      const ssize_t put = ::write(fds[1], rest.data(), std::min<std::size_t>(rest.size(), 1000));
      if (put <= 0)
        break;
      rest.remove_prefix(static_cast<std::size_t>(put));
    }
    ::close(fds[1]);
  });
  BoundedLineReader reader(fds[0], max);
  std::vector<std::pair<BoundedLineReader::Result, std::string>> out;
  std::string line;
  for (;;) {
    const auto result = reader.next(line);
    if (result == BoundedLineReader::Result::kEnd)
      break;
    out.emplace_back(result, result == BoundedLineReader::Result::kLine ? line : "");
  }
  writer.join();
  ::close(fds[0]);
  return out;
}

TEST(BoundedLineReader, SplitsLinesAndDiscardsOverlongOnes) {
  using R = BoundedLineReader::Result;
  const std::string overlong(50000, 'A');
  const auto got = readAll("YR one\n\nKK two\n" + overlong + "\nYR after\n" + overlong, 100);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0], std::make_pair(R::kLine, std::string("YR one")));
  EXPECT_EQ(got[1], std::make_pair(R::kLine, std::string("")));
  EXPECT_EQ(got[2], std::make_pair(R::kLine, std::string("KK two")));
  EXPECT_EQ(got[3].first, R::kTooLong);
  EXPECT_EQ(got[4], std::make_pair(R::kLine, std::string("YR after")));
  EXPECT_EQ(got[5].first, R::kTooLong);  // unterminated and over the bound at the end
}

TEST(BoundedLineReader, LineOfExactlyTheBoundIsKeptAndOneMoreIsNot) {
  using R = BoundedLineReader::Result;
  const auto got = readAll(std::string(100, 'x') + "\n" + std::string(101, 'y') + "\nlast", 100);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], std::make_pair(R::kLine, std::string(100, 'x')));
  EXPECT_EQ(got[1].first, R::kTooLong);
  EXPECT_EQ(got[2], std::make_pair(R::kLine, std::string("last")));
}

TEST(BoundedLineReader, OverlongLastLineWithoutNewlineIsOneTooLong) {
  // The reader reads at most 16 KiB at a time: it drops what it holds once over 20000 bytes, and
  // the rest (under the bound) is still held when the input ends. That rest belongs to the dropped
  // line, not to a line of its own.
  const auto got = readAll(std::string(50000, 'z'), 20000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, BoundedLineReader::Result::kTooLong);
}

}  // namespace
}  // namespace squidntlm
