// A client token producer against the simulator's acceptor (iissim_auth's ConnectionAuthenticator)
// in process, as tests/unit/auth/token_producer_test.cpp runs it: no sockets, no HTTP, only the
// GSSAPI work on both sides of one handshake.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/token_producer.h"
#include "iis-sim/auth/authenticator.h"

namespace authreplay::bench_support {

struct HandshakeTrace {
  std::vector<std::string> values;  // client, server, client, ... header values
  bool authenticated = false;
  std::string error;
};

auth::ProducerSpec ntlmSpec(auth::Mechanism mechanism);
iissim::AuthenticationSettings windowsOnly();
// One whole handshake; every Authorization / WWW-Authenticate value in order.
HandshakeTrace runHandshake(const auth::ProducerSpec& spec);

}  // namespace authreplay::bench_support
