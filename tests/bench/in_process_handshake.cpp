#include "in_process_handshake.h"

#include "auth_test_environment.h"
#include "test_users.h"

namespace authreplay::bench_support {

auth::ProducerSpec ntlmSpec(auth::Mechanism mechanism) {
  auth::ProducerSpec spec;
  spec.mechanism = mechanism;
  spec.user = testing::kTestUser;
  spec.password = auth::Secret(testing::kTestPassword);
  spec.host = "localhost";
  spec.port = 8080;
  return spec;
}

iissim::AuthenticationSettings windowsOnly() {
  iissim::AuthenticationSettings settings;
  settings.anonymousEnabled = false;
  settings.windows.enabled = true;
  return settings;
}

HandshakeTrace runHandshake(const auth::ProducerSpec& spec) {
  HandshakeTrace trace;
  auto producer = auth::makeTokenProducer(spec);
  if (!producer) {
    trace.error = producer.error().message();
    return trace;
  }
  iissim::ConnectionAuthenticator connection(testing::AuthEnvironment::credentials);
  const auto settings = windowsOnly();
  auto value = (*producer)->first();
  for (int leg = 0; leg < 4; ++leg) {
    if (!value) {
      trace.error = value.error().message();
      return trace;
    }
    trace.values.push_back(*value);
    iissim::AuthRequest request;
    request.authorization = *value;
    request.host = "localhost";
    const auto outcome = connection.authenticate(settings, request);
    if (outcome.kind == iissim::AuthOutcome::Kind::kAuthenticated) {
      trace.authenticated = true;
      return trace;
    }
    if (outcome.wwwAuthenticate.size() != 1 ||
        outcome.wwwAuthenticate[0].find(' ') == std::string::npos) {
      trace.error = "refused: " + outcome.detail;
      return trace;
    }
    trace.values.push_back(outcome.wwwAuthenticate[0]);
    value = (*producer)->next(outcome.wwwAuthenticate[0]);
  }
  trace.error = "too many legs";
  return trace;
}

}  // namespace authreplay::bench_support
