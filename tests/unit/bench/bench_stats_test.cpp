// What a bench run reports from its requests: latency and legs only for authenticated requests,
// errors by kind, per-leg histograms whose counts match the requests.
#include "bench/bench_stats.h"

#include <gtest/gtest.h>

namespace {

using authreplay::bench::BenchStats;
using authreplay::bench::RequestRecord;
using authreplay::bench::statusKind;

RequestRecord ntlm(std::int64_t micros) {
  RequestRecord r;
  r.authenticated = true;
  r.micros = micros;
  r.legs = {{"NTLM/1 -> 401", micros / 2}, {"NTLM/3 -> 200", micros / 2}};
  r.bytesSent = 600;
  r.bytesReceived = 1400;
  return r;
}

TEST(BenchStatsTest, CountsLegsAndBytesOfAuthenticatedRequests) {
  BenchStats stats;
  for (int i = 0; i < 10; ++i)
    stats.add(ntlm(1000 + i));
  RequestRecord refused;
  refused.errorKind = "401.1";
  refused.legs = {{"NTLM/1 -> 401", 10}, {"NTLM/3 -> 401", 10}};
  stats.add(refused);
  EXPECT_EQ(stats.requests(), 11u);
  EXPECT_EQ(stats.authenticated(), 10u);
  EXPECT_EQ(stats.failed(), 1u);
  EXPECT_EQ(stats.whole().count(), 10u);
  EXPECT_DOUBLE_EQ(stats.legsPerRequest(), 2.0);
  EXPECT_DOUBLE_EQ(stats.bytesSentPerRequest(), 600.0);
  EXPECT_DOUBLE_EQ(stats.bytesReceivedPerRequest(), 1400.0);
  EXPECT_EQ(stats.legCounts().at(2), 10u);
  EXPECT_EQ(stats.errors().at("401.1"), 1u);
  const auto legs = stats.legs();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0]->name, "NTLM/1 -> 401");
  EXPECT_EQ(legs[0]->position, 1);
  EXPECT_EQ(legs[1]->name, "NTLM/3 -> 200");
  EXPECT_EQ(legs[1]->latency.count(), 10u);
}

// The scripted browsers make tokens between their legs; that time is the client's, not the
// server's, and is reported apart.
TEST(BenchStatsTest, ClientTimeIsWhatTheLegsDoNotCover) {
  RequestRecord r = ntlm(1000);
  r.legs = {{"NTLM/1 -> 401", 300}, {"NTLM/3 -> 200", 300}};
  EXPECT_EQ(r.clientMicros(), 400);
  BenchStats stats;
  stats.add(r);
  EXPECT_DOUBLE_EQ(stats.clientMicrosPerRequest(), 400.0);
}

TEST(BenchStatsTest, SubstatusComesFromTheDetailedErrorPage) {
  EXPECT_EQ(statusKind(401, "<h3>HTTP Error 401.2 - Unauthorized</h3>"), "401.2");
  EXPECT_EQ(statusKind(500, "plain text"), "500");
}

// Issue 15: whether the server answered decides between exit 1 (it refused) and 3 (nobody there).
TEST(BenchStatsTest, RunsTheServerAnsweredAreCountedWhateverTheOutcome) {
  BenchStats stats;
  RequestRecord refused;
  refused.errorKind = "401.2";
  refused.answered = true;
  stats.add(refused);
  RequestRecord unreachable;
  unreachable.errorKind = "transport: Couldn't connect to server";
  stats.add(unreachable);
  auto ok = ntlm(1000);
  ok.answered = true;
  stats.add(ok);
  EXPECT_EQ(stats.requests(), 3u);
  EXPECT_EQ(stats.answered(), 2u);
}

}  // namespace
