// Token production: what the scripted profiles (ie11, chrome) spend per handshake on the client
// side, and the whole handshake with the simulator's acceptor in process (both halves of iis-sim's
// and the harness's GSSAPI cost, without HTTP).
#include <benchmark/benchmark.h>

#include "in_process_handshake.h"

namespace {

using authreplay::auth::Mechanism;
using authreplay::bench_support::ntlmSpec;
using authreplay::bench_support::runHandshake;

// makeTokenProducer (gss_acquire_cred_with_password) and the Type 1 / NegTokenInit.
void FirstToken(benchmark::State& state, Mechanism mechanism) {
  const auto spec = ntlmSpec(mechanism);
  for (auto _ : state) {
    auto producer = authreplay::auth::makeTokenProducer(spec);
    if (!producer) {
      state.SkipWithError(producer.error().message().c_str());
      return;
    }
    auto first = (*producer)->first();
    if (!first) {
      state.SkipWithError(first.error().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(first->data());
  }
}
BENCHMARK_CAPTURE(FirstToken, Ntlm, Mechanism::kNtlm);
BENCHMARK_CAPTURE(FirstToken, SpnegoNtlm, Mechanism::kNegotiate);

// A whole handshake: both sides, every leg (NTLM: 3 tokens; SPNEGO with NTLM inside: 3 + final).
void InProcessHandshake(benchmark::State& state, Mechanism mechanism) {
  const auto spec = ntlmSpec(mechanism);
  for (auto _ : state) {
    const auto trace = runHandshake(spec);
    if (!trace.authenticated) {
      state.SkipWithError(("handshake failed: " + trace.error).c_str());
      return;
    }
    benchmark::DoNotOptimize(trace.values.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(InProcessHandshake, Ntlm, Mechanism::kNtlm);
BENCHMARK_CAPTURE(InProcessHandshake, SpnegoNtlm, Mechanism::kNegotiate);

}  // namespace
