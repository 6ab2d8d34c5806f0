// The seam between a browser profile and the wire: one transfer in, its recorded legs out.
// http::Client is the libcurl implementation; profile unit tests give a scripted one, so every leg
// decision is tested without a network.
#pragma once

#include "http/transfer.h"

namespace authreplay::http {

class Transport {
 public:
  virtual ~Transport() = default;
  // Never throws for transfer failures: they come back in TransferResult::error.
  virtual TransferResult perform(const TransferRequest& request) = 0;
};

}  // namespace authreplay::http
