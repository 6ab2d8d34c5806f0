// Latency samples in bounded memory, so that `authreplay bench` stays flat over any number of
// requests (issue 6). An HDR-style log-linear histogram (Gil Tene's HdrHistogram layout): values
// below 2^kSubBits microseconds are counted exactly; above, each power-of-two range is split into
// 2^(kSubBits-1) equal sub-buckets, so every recorded value is known to within 1/2^(kSubBits-1)
// (0.8 %) of itself. Why not a vector of every sample: 100k requests x legs would grow without
// bound and sorting it costs more than the run; why not fixed linear buckets: latencies span
// microseconds (a reused connection) to seconds (a timeout), and linear buckets would either lose
// the small values or need millions of buckets. Memory: kBuckets x 8 bytes (about 36 KiB).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace authreplay::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 8;       // 256 exact values, then 128 per octave
  static constexpr int kMaxExponent = 38;  // up to 2^38 us (about 3 days): never clipped
  static constexpr int kHalf = 1 << (kSubBits - 1);
  static constexpr int kBuckets = (1 << kSubBits) + (kMaxExponent - kSubBits + 1) * kHalf;

  // Records one value in microseconds (negative values count as 0).
  void record(std::int64_t micros);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ == 0 ? 0 : min_; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_; }

  // The value at or below which PERCENTILE (0..100) of the samples lie: the highest value of the
  // bucket that holds that rank (HdrHistogram's "highest equivalent value"), never above max().
  // 0 when empty.
  std::int64_t percentile(double percentile) const;

  struct Bucket {
    std::int64_t low;   // smallest value counted here
    std::int64_t high;  // largest value counted here
    std::uint64_t count;
  };
  // The non-empty buckets in value order; their counts add up to count().
  std::vector<Bucket> buckets() const;

  // Bucket arithmetic, public for tests.
  static int bucketOf(std::int64_t micros);
  static std::int64_t lowestOf(int bucket);
  static std::int64_t highestOf(int bucket);

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
  std::int64_t sum_ = 0;
};

}  // namespace authreplay::bench
