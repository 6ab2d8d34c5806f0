#include "auth/ntlm_token_producer.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <tuple>
#include <utility>

#include "auth/base64.h"
#include "text/ascii.h"

namespace authreplay::auth {
namespace {

// Asked once per process: the machine's name does not change under a run, and a benchmark makes
// thousands of handshakes a second.
const std::string& hostName() {
  static const std::string name = [] {
    char buffer[HOST_NAME_MAX + 1] = {};
    if (gethostname(buffer, sizeof buffer - 1) != 0) {
      return std::string("localhost");
    }
    return std::string(buffer);
  }();
  return name;
}

class NtlmTokenProducer final : public TokenProducer {
 public:
  NtlmTokenProducer(ntlm::InitiatorConfig config, std::string scheme)
      : initiator_(std::make_unique<ntlm::NtlmInitiator>(std::move(config))),
        scheme_(std::move(scheme)) {}

  std::string_view scheme() const override { return scheme_; }
  bool complete() const override { return initiator_->complete(); }
  std::string mechanism() const override { return "NTLM"; }

  Result<std::string> first() override {
    if (started_) {
      return ProducerError{"first()", "called twice for one handshake"};
    }
    started_ = true;
    return scheme_ + " " + base64Encode(initiator_->negotiate());
  }

  Result<std::string> next(std::string_view challenge) override {
    if (!started_) {
      return ProducerError{"next()", "first() has not been called"};
    }
    auto token = challengeToken(challenge, scheme_, "next()");
    if (!token) {
      return token.error();
    }
    if (complete()) {
      return ProducerError{"next()", "the NTLM handshake already sent its Type 3"};
    }
    try {
      auto answer = initiator_->authenticate(*token);
      if (auto* error = std::get_if<ntlm::InitiatorError>(&answer)) {
        return ProducerError{"NTLM Type 3", error->message};
      }
      return scheme_ + " " + base64Encode(std::get<ntlm::Bytes>(answer));
    } catch (const std::exception& error) {  // OpenSSL's legacy provider missing (ntlm_crypto.h)
      return ProducerError{"NTLM Type 3", error.what()};
    }
  }

 private:
  std::unique_ptr<ntlm::NtlmInitiator> initiator_;  // not movable: it owns the sent Type 1
  std::string scheme_;
  bool started_ = false;
};

}  // namespace

std::string ntlmWorkstation(ntlm::ClientStyle style, std::string_view host) {
  if (style == ntlm::ClientStyle::kChromium) {
    return std::string(host);
  }
  std::string netbios(host.substr(0, host.find('.')));
  netbios.resize(std::min<std::size_t>(netbios.size(), 15));
  return text::toUpper(netbios);
}

std::string ntlmTargetName(const ProducerSpec& spec) {
  std::string spn = "HTTP/" + spec.host;
  if (spec.ntlmSpnIncludesPort && spec.port != 0 && spec.port != 80 && spec.port != 443) {
    spn += ":" + std::to_string(spec.port);
  }
  return spn;
}

namespace {

// "DOMAIN\\user" split at the first backslash (Chromium's SplitDomainAndUser); no backslash: no
// domain.
std::pair<std::string, std::string> splitDomainAndUser(const std::string& user) {
  const auto slash = user.find('\\');
  if (slash == std::string::npos)
    return {"", user};
  return {user.substr(0, slash), user.substr(slash + 1)};
}

}  // namespace

ntlm::crypto::Digest16 ntlmResponseKeyV2(const std::string& user,
                                         const ntlm::crypto::Digest16& ntHash) {
  const auto [domain, name] = splitDomainAndUser(user);
  return ntlm::ntowfV2(ntHash, name, domain);
}

Result<ntlm::InitiatorConfig> ntlmInitiatorConfig(const ProducerSpec& spec) {
  if (spec.user.empty() || (spec.password.empty() && !spec.ntHash)) {
    return ProducerError{"NTLM credentials", "NTLM needs a user (DOMAIN\\user) and a password"};
  }
  ntlm::InitiatorConfig config;
  config.style = spec.ntlmStyle;
  std::tie(config.domain, config.user) = splitDomainAndUser(spec.user);
  try {
    // The caller's cached hash, else one MD4 per handshake.
    config.ntHash = spec.ntHash ? *spec.ntHash : ntlm::ntowfV1(spec.password.reveal());
  } catch (const std::exception& error) {  // OpenSSL's legacy provider missing (ntlm_crypto.h)
    return ProducerError{"NTLM credentials", error.what()};
  }
  config.responseKeyV2 = spec.ntlmV2Key;
  config.workstation =
      spec.workstation.empty() ? ntlmWorkstation(spec.ntlmStyle, hostName()) : spec.workstation;
  config.spn = ntlmTargetName(spec);
  config.channelBindings =
      spec.channelBindings;  // MsvAvChannelBindings = its MD5 (MS-NLMP 2.2.2.1)
  return config;
}

Result<std::unique_ptr<TokenProducer>> makeNtlmTokenProducer(const ProducerSpec& spec) {
  auto config = ntlmInitiatorConfig(spec);
  if (!config) {
    return config.error();
  }
  return std::unique_ptr<TokenProducer>(std::make_unique<NtlmTokenProducer>(
      std::move(*config), spec.ntlmUnderNegotiate ? "Negotiate" : "NTLM"));
}

}  // namespace authreplay::auth
