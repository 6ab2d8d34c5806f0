// A transport that answers each transfer with the next scripted response and records what the
// profile asked to send, so a profile's leg decisions are tested without a network.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "http/transport.h"

namespace authreplay::testing {

struct ScriptedResponse {
  int status = 200;
  std::vector<http::Header> headers;
  long connection = 0;  // the connection id the leg is said to go on
  bool opened = false;
  std::string httpVersion = "HTTP/1.1";  // the response's protocol
  // Not empty: the server reset the transfer's first try with this HTTP/2 error code, on
  // connection resetConnection; the response above is then libcurl's retry (a second leg), or,
  // with status 0, there is no retry (the HTTP/2 exact policy).
  std::string streamReset = {};
  long resetConnection = 0;
};

class ScriptedTransport : public http::Transport {
 public:
  void answer(ScriptedResponse response) { script_.push_back(std::move(response)); }
  // Every later leg's connection presents this TLS server certificate (DER); empty: none.
  void presentCertificate(std::vector<std::uint8_t> der) { certificate_ = std::move(der); }
  http::TransferResult perform(const http::TransferRequest& request) override;

  // Every transfer the profile made, as it asked for it.
  const std::vector<http::TransferRequest>& sent() const { return sent_; }
  std::size_t remaining() const { return script_.size(); }

 private:
  std::deque<ScriptedResponse> script_;
  std::vector<http::TransferRequest> sent_;
  std::vector<std::uint8_t> certificate_;
};

// Header VALUE of NAME in REQUEST, "" when absent.
std::string headerOf(const http::TransferRequest& request, const std::string& name);

}  // namespace authreplay::testing
