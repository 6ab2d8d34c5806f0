#include "bench/shorthand.h"

namespace authreplay::bench {

const char* toString(Handshake handshake) {
  switch (handshake) {
    case Handshake::kAnonymous:
      return "anonymous";
    case Handshake::kBasic:
      return "basic";
    case Handshake::kNtlm:
      return "ntlm";
    case Handshake::kNegotiate:
      return "negotiate";
    case Handshake::kKerberos:
      return "kerberos";
  }
  return "?";
}

const char* toString(ConnectionMode mode) {
  return mode == ConnectionMode::kFresh ? "fresh" : "reuse";
}

std::string defaultPath(Handshake handshake) {
  switch (handshake) {
    case Handshake::kAnonymous:
      return "/hello.txt";
    case Handshake::kBasic:
      return "/BasicTls/index.htm";
    default:
      return "/ActiveXTest/ajaxClient2.htm";
  }
}

}  // namespace authreplay::bench
