// What the `--scheme/--profile --path` shorthand of `authreplay bench` describes: which handshake
// its one-step scenario makes, and whether each request opens a fresh connection. The command line
// (cli/bench_options.h) parses it; cli/bench_command.cpp builds the scenario from it.
#pragma once

#include <string>

namespace authreplay::bench {

// Not an auth scheme (auth/scheme.h): "kerberos" is Negotiate restricted to a ticket, "anonymous"
// no handshake at all.
enum class Handshake { kAnonymous, kBasic, kNtlm, kNegotiate, kKerberos };
enum class ConnectionMode { kFresh, kReuse };

const char* toString(Handshake handshake);
const char* toString(ConnectionMode mode);

// The lab path each handshake is measured on (docs/lab.md "Default layout"): an anonymous static
// file, Basic over TLS, and seed 000's page under Windows authentication for the rest.
std::string defaultPath(Handshake handshake);

}  // namespace authreplay::bench
