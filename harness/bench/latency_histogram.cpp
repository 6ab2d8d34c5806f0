#include "bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace authreplay::bench {

namespace {
constexpr std::int64_t kLargest = (std::int64_t{1} << (LatencyHistogram::kMaxExponent + 1)) - 1;
}  // namespace

// Values below 2^kSubBits map one to one. A value v >= 2^kSubBits with its highest bit at
// position e keeps its top kSubBits bits: (e - kSubBits + 1) selects the octave, the next
// kSubBits-1 bits the sub-bucket.
int LatencyHistogram::bucketOf(std::int64_t micros) {
  const auto v = static_cast<std::uint64_t>(std::clamp<std::int64_t>(micros, 0, kLargest));
  if (v < (1u << kSubBits))
    return static_cast<int>(v);
  const int e = std::bit_width(v) - 1;  // >= kSubBits
  const int shift = e - kSubBits + 1;
  const int sub = static_cast<int>((v >> shift) & (kHalf - 1));
  return (1 << kSubBits) + (shift - 1) * kHalf + sub;
}

std::int64_t LatencyHistogram::lowestOf(int bucket) {
  if (bucket < (1 << kSubBits))
    return bucket;
  const int rest = bucket - (1 << kSubBits);
  const int shift = rest / kHalf + 1;
  const int sub = rest % kHalf;
  return static_cast<std::int64_t>(kHalf + sub) << shift;
}

std::int64_t LatencyHistogram::highestOf(int bucket) {
  if (bucket < (1 << kSubBits))
    return bucket;
  const int shift = (bucket - (1 << kSubBits)) / kHalf + 1;
  return lowestOf(bucket) + (std::int64_t{1} << shift) - 1;
}

void LatencyHistogram::record(std::int64_t micros) {
  micros = std::clamp<std::int64_t>(micros, 0, kLargest);
  ++counts_[static_cast<std::size_t>(bucketOf(micros))];
  min_ = count_ == 0 ? micros : std::min(min_, micros);
  max_ = std::max(max_, micros);
  sum_ += micros;
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0)
    return;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
  count_ += other.count_;
}

std::int64_t LatencyHistogram::percentile(double percentile) const {
  if (count_ == 0)
    return 0;
  const double clamped = std::clamp(percentile, 0.0, 100.0);
  // The rank of the sample, 1-based: p50 of 10 samples is the 5th, p100 the last.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[static_cast<std::size_t>(b)];
    if (seen >= rank)
      return std::min(highestOf(b), max_);
  }
  return max_;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::buckets() const {
  std::vector<Bucket> out;
  for (int b = 0; b < kBuckets; ++b) {
    if (const auto n = counts_[static_cast<std::size_t>(b)]; n != 0)
      out.push_back({lowestOf(b), highestOf(b), n});
  }
  return out;
}

}  // namespace authreplay::bench
