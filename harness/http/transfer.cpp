#include "http/transfer.h"

namespace authreplay::http {

const char* toString(TransferError::Kind kind) {
  switch (kind) {
    case TransferError::Kind::kConnect:
      return "connect";
    case TransferError::Kind::kTls:
      return "tls";
    case TransferError::Kind::kTimeout:
      return "timeout";
    case TransferError::Kind::kProtocol:
      return "protocol";
    case TransferError::Kind::kOther:
      return "other";
  }
  return "?";
}

const char* toString(HttpVersionPolicy policy) {
  switch (policy) {
    case HttpVersionPolicy::kHttp11:
      return "HTTP/1.1";
    case HttpVersionPolicy::kHttp2:
      return "HTTP/2 with fallback to HTTP/1.1";
    case HttpVersionPolicy::kHttp2Exact:
      return "HTTP/2 exact";
  }
  return "?";
}

}  // namespace authreplay::http
