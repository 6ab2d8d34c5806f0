#include "bench/curl_client.h"

namespace authreplay::bench {

namespace {
unsigned long authMask(Scheme scheme) {
  switch (scheme) {
    case Scheme::kAnonymous:
      return 0;
    case Scheme::kBasic:
      return CURLAUTH_BASIC;
    case Scheme::kNtlm:
      return CURLAUTH_NTLM;
    case Scheme::kNegotiate:
    case Scheme::kKerberos:  // libcurl's GSS-API Negotiate; krb5 from the ccache
      return CURLAUTH_NEGOTIATE;
  }
  return 0;
}
}  // namespace

CurlClient::CurlClient(Workload workload) : workload_(std::move(workload)) {
  request_ = baseRequest(workload_);
  request_.authMask = authMask(workload_.scheme);
  if (request_.authMask == CURLAUTH_NTLM || request_.authMask == CURLAUTH_BASIC) {
    request_.user = workload_.user;
    request_.password = workload_.password;
  }
  // As the baseline: a new connection per request, closed after it.
  request_.fresh = workload_.mode == ConnectionMode::kFresh;
  request_.forbidReuse = workload_.mode == ConnectionMode::kFresh;
}

std::optional<http::MultiRequest> CurlClient::begin() {
  record_ = RequestRecord{};
  record_.begin(std::chrono::steady_clock::now());
  return request_;
}

std::optional<http::MultiRequest> CurlClient::onTransfer(http::MultiOutcome&& outcome) {
  record_.addTransfer(outcome, "");
  record_.finish(outcome);
  return std::nullopt;
}

}  // namespace authreplay::bench
