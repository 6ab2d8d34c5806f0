// Token decoding as reports and assertions use it: the leg label and full description of real
// NTLM and SPNEGO tokens (made once, in process, by a real handshake).
#include <benchmark/benchmark.h>

#include "auth/base64.h"
#include "auth/leg_label.h"
#include "auth/ntlm_message.h"
#include "in_process_handshake.h"

namespace {

using authreplay::auth::Mechanism;
using authreplay::bench_support::ntlmSpec;
using authreplay::bench_support::runHandshake;

// The Nth header value of a real handshake, or "" (the benchmark is then skipped).
std::string tokenOf(Mechanism mechanism, std::size_t index) {
  const auto trace = runHandshake(ntlmSpec(mechanism));
  return trace.authenticated && index < trace.values.size() ? trace.values[index] : "";
}

void LegLabel(benchmark::State& state, Mechanism mechanism, std::size_t index) {
  const std::string value = tokenOf(mechanism, index);
  if (value.empty()) {
    state.SkipWithError("no token: the in-process handshake failed");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(authreplay::auth::legLabel(value));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * value.size()));
}
BENCHMARK_CAPTURE(LegLabel, NtlmType2, Mechanism::kNtlm, 1);
BENCHMARK_CAPTURE(LegLabel, NtlmType3, Mechanism::kNtlm, 2);
BENCHMARK_CAPTURE(LegLabel, SpnegoNegTokenInit, Mechanism::kNegotiate, 0);
BENCHMARK_CAPTURE(LegLabel, SpnegoNegTokenResp, Mechanism::kNegotiate, 1);

void DescribeAuthValue(benchmark::State& state, Mechanism mechanism, std::size_t index) {
  const std::string value = tokenOf(mechanism, index);
  if (value.empty()) {
    state.SkipWithError("no token: the in-process handshake failed");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(authreplay::auth::describeAuthValue(value));
}
BENCHMARK_CAPTURE(DescribeAuthValue, NtlmType3, Mechanism::kNtlm, 2);
BENCHMARK_CAPTURE(DescribeAuthValue, SpnegoNegTokenInit, Mechanism::kNegotiate, 0);

// The NTLM codec alone on a Type 3 (target info, AV pairs, UTF-16 names; every offset checked).
void DecodeNtlmAuthenticate(benchmark::State& state) {
  const std::string value = tokenOf(Mechanism::kNtlm, 2);
  const auto bytes =
      value.size() > 5 ? authreplay::auth::base64Decode(value.substr(5)) : std::nullopt;
  if (!bytes) {
    state.SkipWithError("no Type 3: the in-process handshake failed");
    return;
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(authreplay::auth::ntlm::decodeAuthenticate(*bytes));
}
BENCHMARK(DecodeNtlmAuthenticate);

}  // namespace
