#include "bench/curl_client.h"

namespace authreplay::bench {

namespace {
std::optional<http::AuthScheme> libcurlScheme(Scheme scheme) {
  switch (scheme) {
    case Scheme::kAnonymous:
      return std::nullopt;
    case Scheme::kBasic:
      return http::AuthScheme::kBasic;
    case Scheme::kNtlm:
      return http::AuthScheme::kNtlm;
    case Scheme::kNegotiate:
    case Scheme::kKerberos:  // libcurl's GSS-API Negotiate; krb5 from the ccache
      return http::AuthScheme::kNegotiate;
  }
  return std::nullopt;
}
}  // namespace

CurlClient::CurlClient(Workload workload) : workload_(std::move(workload)) {
  request_ = baseRequest(workload_);
  request_.auth = libcurlScheme(workload_.scheme);
  if (request_.auth == http::AuthScheme::kNtlm || request_.auth == http::AuthScheme::kBasic) {
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
