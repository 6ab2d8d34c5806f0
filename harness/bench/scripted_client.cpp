#include "bench/scripted_client.h"

#include "auth/leg_label.h"
#include "text/ascii.h"

namespace authreplay::bench {

namespace {

// A handshake never needs more (SPNEGO with NTLM inside: 3 legs plus the anonymous one).
constexpr int kMaxLegs = 6;

bool isSuccess(int status) {
  return status >= 200 && status < 300;
}

// The WWW-Authenticate value of SCHEME that carries a token ("NTLM TlRM..."), if any.
std::optional<std::string> challengeOf(const http::MultiResponse& response,
                                       std::string_view scheme) {
  for (const auto& value : response.wwwAuthenticate) {
    if (value.size() > scheme.size() + 1 && value[scheme.size()] == ' ' &&
        text::startsWithIgnoreCase(value, scheme))
      return value;
  }
  return std::nullopt;
}

}  // namespace

ScriptedClient::ScriptedClient(Workload workload) : workload_(std::move(workload)) {}

auth::ProducerSpec ScriptedClient::spec() const {
  auth::ProducerSpec spec;
  switch (workload_.scheme) {
    case Scheme::kBasic:
      spec.mechanism = auth::Mechanism::kBasic;
      break;
    case Scheme::kNtlm:
    case Scheme::kAnonymous:
      spec.mechanism = auth::Mechanism::kNtlm;
      break;
    case Scheme::kNegotiate:
      spec.mechanism = auth::Mechanism::kNegotiate;
      break;
    case Scheme::kKerberos:
      spec.mechanism = auth::Mechanism::kKerberos;
      spec.spnego = workload_.profile == BenchProfile::kIe11;
      break;
  }
  spec.user = workload_.user;
  spec.password = auth::Secret(workload_.password);
  spec.kerberos.ccache = workload_.kerberosCcache;
  spec.kerberos.clientKeytab = workload_.kerberosClientKeytab;
  spec.kerberos.principal = workload_.kerberosPrincipal;
  spec.host = workload_.host;
  spec.port = workload_.port;
  // The same NTLM as the runner's profiles (browser_switches.cpp): Chromium's net/ntlm with
  // CreateSPN's HTTP/<host>[:<port>] for chrome, Windows SSPI with HTTP/<host> for ie11.
  const bool chrome = workload_.profile == BenchProfile::kChrome;
  spec.ntlmStyle =
      chrome ? auth::ntlm::ClientStyle::kChromium : auth::ntlm::ClientStyle::kWindowsSspi;
  spec.ntlmSpnIncludesPort = chrome;
  return spec;
}

bool ScriptedClient::startHandshake() {
  producer_.reset();
  auto made = auth::makeTokenProducer(spec());
  if (!made) {
    record_.fail("client: " + made.error().what);
    return false;
  }
  auto first = (*made)->first();
  if (!first) {
    record_.fail("client: " + first.error().what);
    return false;
  }
  producer_ = std::move(*made);
  authorization_ = std::move(*first);
  sentLabel_ = auth::legLabel(authorization_);
  return true;
}

http::MultiRequest ScriptedClient::leg(const std::optional<std::string>& authorization,
                                       bool fresh) {
  http::MultiRequest request = baseRequest(workload_);
  if (authorization)
    request.headers.push_back("Authorization: " + *authorization);
  else
    sentLabel_ = "anonymous";
  request.fresh = fresh;
  // A fresh connection per request: close it after the leg that should end the handshake (the
  // client's context is complete: NTLM Type 3, Basic), as the baseline closes after each request.
  // Kerberos completes only with the server's AP-REP, so its connection is closed by the pool
  // limit instead (bench_engine.cpp: one cached connection per client).
  request.forbidReuse =
      workload_.mode == ConnectionMode::kFresh && producer_ != nullptr && producer_->complete();
  ++legs_;
  return request;
}

std::optional<http::MultiRequest> ScriptedClient::begin() {
  record_ = RequestRecord{};
  record_.begin(std::chrono::steady_clock::now());
  producer_.reset();
  legs_ = 0;
  const bool fresh = workload_.mode == ConnectionMode::kFresh;
  if (fresh)
    connectionAuthenticated_ = false;
  const bool anonymousScheme = workload_.scheme == Scheme::kAnonymous;
  const bool preAuth = workload_.profile == BenchProfile::kIe11 && spaceChallenged_ &&
                       !connectionAuthenticated_ && !anonymousScheme;
  if (preAuth) {
    if (!startHandshake())
      return std::nullopt;
    return leg(authorization_, fresh);
  }
  return leg(std::nullopt, fresh);
}

std::optional<http::MultiRequest> ScriptedClient::onTransfer(http::MultiOutcome&& outcome) {
  record_.addTransfer(outcome, sentLabel_);
  if (outcome.curlCode != 0 || outcome.responses.empty()) {
    connectionAuthenticated_ = false;
    record_.finish(outcome);
    return std::nullopt;
  }
  const auto& response = outcome.responses.back();
  if (isSuccess(response.status)) {
    if (producer_) {
      // Kerberos with mutual authentication: check the server's AP-REP, as a browser does.
      if (const auto final = challengeOf(response, producer_->scheme()); final) {
        if (auto verified = producer_->verifyFinal(*final); !verified) {
          record_.fail("client: " + verified.error().what);
          return std::nullopt;
        }
      }
    }
    connectionAuthenticated_ = workload_.mode == ConnectionMode::kReuse &&
                               (producer_ != nullptr || connectionAuthenticated_);
    record_.finish(outcome);
    return std::nullopt;
  }
  if (response.status != 401 || workload_.scheme == Scheme::kAnonymous || legs_ >= kMaxLegs) {
    record_.finish(outcome);
    return std::nullopt;
  }
  connectionAuthenticated_ = false;
  if (!producer_) {
    // The anonymous leg's 401: the space has challenged; answer on the same connection.
    spaceChallenged_ = true;
    if (!startHandshake())
      return std::nullopt;
    return leg(authorization_, false);
  }
  const auto challenge = challengeOf(response, producer_->scheme());
  if (!challenge) {
    record_.finish(outcome);  // refused: 401.1 and the bare offers
    return std::nullopt;
  }
  auto next = producer_->next(*challenge);
  if (!next) {
    record_.fail("client: " + next.error().what);
    return std::nullopt;
  }
  authorization_ = std::move(*next);
  sentLabel_ = auth::legLabel(authorization_);
  return leg(authorization_, false);
}

}  // namespace authreplay::bench
