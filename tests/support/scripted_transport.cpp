#include "scripted_transport.h"

namespace authreplay::testing {

http::TransferResult ScriptedTransport::perform(const http::TransferRequest& request) {
  sent_.push_back(request);
  http::TransferResult result;
  if (script_.empty()) {
    result.error = http::TransferError{http::TransferError::Kind::kConnect, 7, "no more answers",
                                       "Couldn't connect to server"};
    return result;
  }
  const auto response = script_.front();
  script_.pop_front();
  http::Exchange exchange;
  exchange.url = request.url;
  exchange.request.httpVersion = response.httpVersion;
  exchange.response.httpVersion = response.httpVersion;
  exchange.proxy = request.proxy;
  exchange.request.method = request.method;
  exchange.request.headers = request.headers;
  exchange.request.body = request.body.value_or("");
  exchange.response.status = response.status;
  exchange.response.headers = response.headers;
  exchange.connection.id = response.connection;
  exchange.connection.opened = response.opened;
  exchange.connection.peerCertificate = certificate_;
  if (!response.streamReset.empty()) {
    http::Exchange reset = exchange;
    reset.request.httpVersion = "HTTP/2";
    reset.response = {};
    reset.response.streamReset = response.streamReset;
    reset.connection.id = response.resetConnection;
    result.exchanges.push_back(std::move(reset));
    if (response.status == 0)
      return result;  // no retry
  }
  result.exchanges.push_back(std::move(exchange));
  return result;
}

std::string headerOf(const http::TransferRequest& request, const std::string& name) {
  return http::firstHeader(request.headers, name).value_or("");
}

}  // namespace authreplay::testing
