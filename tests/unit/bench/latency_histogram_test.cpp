// The histogram behind every latency figure of `authreplay bench`: exact below 256 us, within
// 0.8 % above, percentiles by rank, counts that add up, and a fixed size whatever is recorded.
#include "bench/latency_histogram.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace {

using authreplay::bench::LatencyHistogram;

TEST(LatencyHistogramTest, EmptyReportsZeros) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(50), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_TRUE(h.buckets().empty());
}

TEST(LatencyHistogramTest, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int v = 1; v <= 100; ++v)
    h.record(v);
  EXPECT_EQ(h.percentile(50), 50);
  EXPECT_EQ(h.percentile(90), 90);
  EXPECT_EQ(h.percentile(99), 99);
  EXPECT_EQ(h.percentile(100), 100);
  EXPECT_EQ(h.min(), 1);
  EXPECT_EQ(h.max(), 100);
  EXPECT_DOUBLE_EQ(h.mean(), 50.5);
}

TEST(LatencyHistogramTest, EveryValueFallsInsideItsBucketWithinOnePercent) {
  for (std::int64_t v : {256LL, 257LL, 1000LL, 1023LL, 1024LL, 123456LL, 9999999LL, 1LL << 37}) {
    const int b = LatencyHistogram::bucketOf(v);
    EXPECT_LE(LatencyHistogram::lowestOf(b), v) << v;
    EXPECT_GE(LatencyHistogram::highestOf(b), v) << v;
    const double width =
        static_cast<double>(LatencyHistogram::highestOf(b) - LatencyHistogram::lowestOf(b) + 1);
    EXPECT_LE(width / static_cast<double>(v), 1.0 / 128 + 1e-12) << v;
  }
}

TEST(LatencyHistogramTest, BucketsTileTheRangeWithoutGaps) {
  for (int b = 1; b < LatencyHistogram::kBuckets; ++b)
    ASSERT_EQ(LatencyHistogram::lowestOf(b), LatencyHistogram::highestOf(b - 1) + 1) << b;
}

TEST(LatencyHistogramTest, PercentilesOfAUniformSpreadAreWithinBucketPrecision) {
  LatencyHistogram h;
  for (int v = 1; v <= 100000; ++v)
    h.record(v);
  for (double p : {50.0, 90.0, 99.0}) {
    const double expected = p * 1000;
    EXPECT_NEAR(static_cast<double>(h.percentile(p)), expected, expected / 128 + 1) << p;
  }
  EXPECT_EQ(h.percentile(100), 100000);  // never above the recorded maximum
}

TEST(LatencyHistogramTest, BucketCountsAddUpToTheCount) {
  LatencyHistogram h;
  std::mt19937 random(42);
  std::lognormal_distribution<double> latency(7.0, 1.0);  // around 1 ms, long tail
  for (int i = 0; i < 100000; ++i)
    h.record(static_cast<std::int64_t>(latency(random)));
  const auto buckets = h.buckets();
  const auto sum = std::accumulate(buckets.begin(), buckets.end(), std::uint64_t{0},
                                   [](std::uint64_t s, const auto& b) { return s + b.count; });
  EXPECT_EQ(sum, h.count());
  EXPECT_EQ(h.count(), 100000u);
}

TEST(LatencyHistogramTest, NegativeAndHugeValuesAreClampedNotLost) {
  LatencyHistogram h;
  h.record(-5);
  h.record(std::int64_t{1} << 50);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.percentile(100), h.max());
}

TEST(LatencyHistogramTest, MergeEqualsRecordingEverythingInOne) {
  LatencyHistogram a, b, all;
  for (int v = 0; v < 5000; v += 3) {
    (v % 2 ? a : b).record(v);
    all.record(v);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  EXPECT_EQ(a.percentile(50), all.percentile(50));
  EXPECT_EQ(a.percentile(99), all.percentile(99));
}

// Memory stays flat: the histogram is a fixed array, whatever the number of samples.
TEST(LatencyHistogramTest, SizeDoesNotDependOnSamples) {
  EXPECT_LT(sizeof(LatencyHistogram), 40u * 1024u);
}

}  // namespace
