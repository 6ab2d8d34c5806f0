// What every virtual client of a bench run does: the URL, the scheme, who decides the legs, the
// connection policy and the credentials (resolved from the target file; never from argv).
#pragma once

#include <chrono>
#include <string>

#include "auth/secret.h"
#include "bench/bench_options.h"

namespace authreplay::bench {

struct Workload {
  std::string url;   // origin + path
  std::string host;  // for the SPN (HTTP/<host>, as IE builds it)
  std::uint16_t port = 0;
  Scheme scheme = Scheme::kNtlm;
  BenchProfile profile = BenchProfile::kCurl;
  ConnectionMode mode = ConnectionMode::kFresh;
  std::string user;            // "HARNESS\\alice"
  std::string password;        // never logged
  std::string kerberosCcache;  // "FILE:/lab/krb5/ccache"
  std::string kerberosClientKeytab;
  std::string kerberosPrincipal;
  std::string caFile;
  bool insecure = false;
  std::chrono::milliseconds connectTimeout{3000};
  std::chrono::milliseconds requestTimeout{30000};
};

}  // namespace authreplay::bench
