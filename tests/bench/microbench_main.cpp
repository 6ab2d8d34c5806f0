// The micro-benchmarks' main: gss-ntlmssp as an acceptor needs its process environment (a
// temporary NTLM_USER_FILE, NetBIOS names, no keytab), which tests/unit/auth's AuthEnvironment
// sets up for the unit tests; the handshake benchmarks reuse it rather than copy it.
#include <benchmark/benchmark.h>

#include "auth_test_environment.h"

int main(int argc, char** argv) {
  authreplay::testing::AuthEnvironment environment;
  environment.SetUp();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  environment.TearDown();
  return 0;
}
