#include "ntlm_fixture.h"

#include <string>

#include "auth/ntlm/ntlm_keys.h"

namespace authreplay::fuzz {

namespace ntlm = auth::ntlm;

namespace {

constexpr const char* kPassword = "fuzz-password";

std::uint64_t fixedClock() {
  return 133000000000000000;  // 2022-06-18 in FILETIME
}

void fixedRandom(std::span<std::uint8_t> out) {
  for (auto& b : out)
    b = 0x42;
}

}  // namespace

ntlm::InitiatorConfig initiatorConfig(std::uint8_t flavour) {
  ntlm::InitiatorConfig config;
  config.style =
      (flavour & 1) != 0 ? ntlm::ClientStyle::kWindowsSspi : ntlm::ClientStyle::kChromium;
  config.ntlmV2 = (flavour & 2) == 0;
  config.user = "alice";
  config.domain = "HARNESS";
  config.ntHash = ntlm::ntowfV1(kPassword);
  config.workstation = "CLIENT01";
  config.spn = "HTTP/iis01.harness.test";
  if ((flavour & 4) != 0)
    config.channelBindings = ntlm::Bytes(53, 0x5a);  // "tls-server-end-point:" + a SHA-256
  config.clock = fixedClock;
  config.random = fixedRandom;
  return config;
}

std::shared_ptr<const ntlm::AcceptorConfig> acceptorConfig() {
  auto config = std::make_shared<ntlm::AcceptorConfig>();
  config->lookup = [](std::string_view, std::string_view user) {
    return std::optional<ntlm::Account>(
        ntlm::Account{"HARNESS", std::string(user), ntlm::ntowfV1(kPassword)});
  };
  config->clock = fixedClock;
  config->random = fixedRandom;
  return config;
}

}  // namespace authreplay::fuzz
