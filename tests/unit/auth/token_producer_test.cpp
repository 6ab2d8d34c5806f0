// The token producers (harness/auth/token_producer.h) in process against the simulator's
// acceptor (iissim_auth's ConnectionAuthenticator, one per "connection"); on the client, the
// project's NTLM initiator, raw and inside its own SPNEGO framing; no KDC and no network. Kerberos
// needs the lab's KDC and is covered by tests/integration/auth.
#include "auth/token_producer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "auth/leg_label.h"
#include "auth_test_environment.h"
#include "iis-sim/auth/authenticator.h"
#include "test_users.h"

namespace {

using authreplay::auth::describeAuthValue;
using authreplay::auth::legLabel;
using authreplay::auth::makeTokenProducer;
using authreplay::auth::Mechanism;
using authreplay::auth::ProducerSpec;
using authreplay::auth::Secret;
using authreplay::auth::TokenProducer;
using authreplay::testing::AuthEnvironment;
using authreplay::testing::kTestPassword;
using authreplay::testing::kTestUser;
using iissim::AuthOutcome;
namespace win32 = iissim::win32;

ProducerSpec spec(Mechanism mechanism, const std::string& password = kTestPassword) {
  ProducerSpec spec;
  spec.mechanism = mechanism;
  spec.user = kTestUser;
  spec.password = Secret(password);
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

iissim::AuthRequest request(const std::string& authorization) {
  iissim::AuthRequest request;
  request.authorization = authorization;
  request.host = "localhost";
  return request;
}

std::unique_ptr<TokenProducer> producer(const ProducerSpec& spec) {
  auto made = makeTokenProducer(spec);
  EXPECT_TRUE(made) << made.error().message();
  return made ? std::move(*made) : nullptr;
}

// Runs a handshake of `client` against one simulated connection, as the runner will: first(),
// then next() on every 401 that carries a token of the producer's scheme. Returns every leg's
// label (client, server, client, ...) and the final outcome.
struct Handshake {
  std::vector<std::string> labels;
  AuthOutcome outcome;
};

Handshake run(TokenProducer& client, const iissim::AuthenticationSettings& settings) {
  Handshake handshake;
  iissim::ConnectionAuthenticator connection(AuthEnvironment::credentials);
  auto value = client.first();
  for (int leg = 0; leg < 4; ++leg) {
    if (!value) {
      ADD_FAILURE() << value.error().message();
      return handshake;
    }
    handshake.labels.push_back(legLabel(*value));
    handshake.outcome = connection.authenticate(settings, request(*value));
    if (handshake.outcome.kind != AuthOutcome::Kind::kReject ||
        handshake.outcome.wwwAuthenticate.size() != 1 ||
        handshake.outcome.wwwAuthenticate[0].find(' ') == std::string::npos) {
      break;  // done, or refused with the bare offers
    }
    handshake.labels.push_back(legLabel(handshake.outcome.wwwAuthenticate[0]));
    value = client.next(handshake.outcome.wwwAuthenticate[0]);
  }
  return handshake;
}

TEST(TokenProducerTest, NtlmThreeLegsAuthenticateAlice) {
  auto client = producer(spec(Mechanism::kNtlm));
  ASSERT_TRUE(client);
  EXPECT_EQ(client->scheme(), "NTLM");
  const Handshake handshake = run(*client, windowsOnly());
  EXPECT_EQ(handshake.labels, (std::vector<std::string>{"NTLM/1", "NTLM/2", "NTLM/3"}));
  ASSERT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kAuthenticated) << handshake.outcome.detail;
  EXPECT_EQ(handshake.outcome.user, "HARNESS\\alice");
  EXPECT_EQ(handshake.outcome.scheme, "NTLM");
  EXPECT_TRUE(client->complete());
  EXPECT_FALSE(client->mutualAuthVerified());  // NTLM never proves the server
  EXPECT_EQ(client->mechanism(), "NTLM");
}

TEST(TokenProducerTest, NtlmWrongPasswordIsLogonFailed) {
  auto client = producer(spec(Mechanism::kNtlm, "not-the-password"));
  ASSERT_TRUE(client);
  const Handshake handshake = run(*client, windowsOnly());
  EXPECT_EQ(handshake.labels, (std::vector<std::string>{"NTLM/1", "NTLM/2", "NTLM/3"}));
  EXPECT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kReject);
  EXPECT_EQ(handshake.outcome.status, 401);
  EXPECT_EQ(handshake.outcome.substatus, 1);
  EXPECT_EQ(handshake.outcome.win32Status, win32::kSecELogonDenied);
}

// What Windows' Negotiate package sends when Kerberos is unusable: bare NTLMSSP under Negotiate.
TEST(TokenProducerTest, RawNtlmUnderNegotiate) {
  ProducerSpec raw = spec(Mechanism::kNtlm);
  raw.ntlmUnderNegotiate = true;
  auto client = producer(raw);
  ASSERT_TRUE(client);
  EXPECT_EQ(client->scheme(), "Negotiate");
  const Handshake handshake = run(*client, windowsOnly());
  EXPECT_EQ(handshake.labels, (std::vector<std::string>{"Negotiate(NTLM)/1", "Negotiate(NTLM)/2",
                                                        "Negotiate(NTLM)/3"}));
  ASSERT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kAuthenticated) << handshake.outcome.detail;
  EXPECT_EQ(handshake.outcome.scheme, "Negotiate");
  EXPECT_EQ(handshake.outcome.logonMethod, "NTLM");
}

// Negotiate without any Kerberos credential: SPNEGO offers NTLM only and carries it inside.
TEST(TokenProducerTest, SpnegoWithoutKerberosFallsBackToNtlmInsideSpnego) {
  ProducerSpec negotiate = spec(Mechanism::kNegotiate);
  // An empty ccache: present, but no ticket in it.
  const auto ccache = AuthEnvironment::dir() / "empty.ccache";
  std::ofstream(ccache).close();
  negotiate.kerberos.ccache = "FILE:" + ccache.string();
  auto client = producer(negotiate);
  ASSERT_TRUE(client);
  const auto first = client->first();
  ASSERT_TRUE(first) << first.error().message();
  const auto described = describeAuthValue(*first);
  EXPECT_TRUE(described.spnego);
  EXPECT_EQ(described.mechTypes, std::vector<std::string>{"NTLM"});

  auto again = producer(negotiate);
  const Handshake handshake = run(*again, windowsOnly());
  EXPECT_EQ(handshake.labels, (std::vector<std::string>{"Negotiate(NTLM)/1", "Negotiate(NTLM)/2",
                                                        "Negotiate(NTLM)/3"}));
  ASSERT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kAuthenticated) << handshake.outcome.detail;
  EXPECT_EQ(handshake.outcome.user, "HARNESS\\alice");
  EXPECT_EQ(handshake.outcome.scheme, "Negotiate");
  EXPECT_EQ(handshake.outcome.logonMethod, "NTLM");
  EXPECT_EQ(again->mechanism(), "NTLM");
  // The acceptor's final NegTokenResp (accept-completed, mechListMIC: RFC 4178 §5) rides on the
  // 200 and completes the initiator's context; NTLM proves nothing about the server, though.
  ASSERT_EQ(handshake.outcome.wwwAuthenticate.size(), 1u);
  EXPECT_EQ(legLabel(handshake.outcome.wwwAuthenticate[0]), "Negotiate(SPNEGO)/accept-completed");
  EXPECT_FALSE(again->complete());
  const auto verified = again->verifyFinal(handshake.outcome.wwwAuthenticate[0]);
  EXPECT_TRUE(verified) << verified.error().message();
  EXPECT_TRUE(again->complete());
  EXPECT_FALSE(again->mutualAuthVerified());
}

TEST(TokenProducerTest, KerberosOnlyApplicationRefusesNtlmInsideSpnego) {
  iissim::AuthenticationSettings kerberosOnly = windowsOnly();
  kerberosOnly.windows.providers = {iissim::Provider::kNegotiateKerberos};
  auto client = producer(spec(Mechanism::kNegotiate));
  ASSERT_TRUE(client);
  const Handshake handshake = run(*client, kerberosOnly);
  EXPECT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kReject);
  EXPECT_EQ(handshake.outcome.substatus, 1);
}

TEST(TokenProducerTest, BasicIsOneLegAndNeverLabelsTheCredentials) {
  iissim::AuthenticationSettings basic;
  basic.anonymousEnabled = false;
  basic.basic.enabled = true;
  basic.basic.realm = "localhost";
  auto client = producer(spec(Mechanism::kBasic));
  ASSERT_TRUE(client);
  EXPECT_EQ(client->scheme(), "Basic");
  const Handshake handshake = run(*client, basic);
  EXPECT_EQ(handshake.labels, std::vector<std::string>{"Basic"});
  ASSERT_EQ(handshake.outcome.kind, AuthOutcome::Kind::kAuthenticated) << handshake.outcome.detail;
  EXPECT_EQ(handshake.outcome.user, "HARNESS\\alice");
  EXPECT_TRUE(client->complete());
  const auto second = client->next("Basic realm=\"localhost\"");
  ASSERT_FALSE(second);
  EXPECT_FALSE(client->verifyFinal("Negotiate abc="));
}

TEST(TokenProducerTest, CredentialProblemsAreValuesWithoutThePassword) {
  ProducerSpec kerberos = spec(Mechanism::kKerberos);
  auto none = makeTokenProducer(kerberos);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message(),
            "Kerberos credentials: no ccache, client keytab or password given");

  kerberos.kerberos.ccache = "FILE:" + (AuthEnvironment::dir() / "absent.ccache").string();
  auto missing = makeTokenProducer(kerberos);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("GSS major: "), std::string::npos)
      << missing.error().message();
  EXPECT_NE(missing.error().major, 0u);

  ProducerSpec noPassword = spec(Mechanism::kNtlm, "");
  EXPECT_FALSE(makeTokenProducer(noPassword));

  // A password that does not verify never shows up in what a failed step reports.
  auto client = producer(spec(Mechanism::kNtlm));
  ASSERT_TRUE(client);
  const auto out = client->next("NTLM TlRMTVNTUAACAAAA");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().message().find(kTestPassword), std::string::npos);
  ASSERT_TRUE(client->first());
  const auto wrongScheme = client->next("Negotiate TlRMTVNTUAACAAAA");
  ASSERT_FALSE(wrongScheme);
  EXPECT_NE(wrongScheme.error().message().find("expected a `NTLM <token>` challenge"),
            std::string::npos);
  const auto garbage = client->next("NTLM AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().message().rfind("NTLM Type 3: Type 2: ", 0), 0u)
      << garbage.error().message();
  EXPECT_EQ(garbage.error().message().find(kTestPassword), std::string::npos);
}

TEST(TokenProducerTest, ServicePrincipalFollowsIeOrChrome) {
  ProducerSpec target = spec(Mechanism::kKerberos);
  EXPECT_EQ(authreplay::auth::servicePrincipal(target), "HTTP@localhost");
  target.spnIncludesPort = true;
  EXPECT_EQ(authreplay::auth::servicePrincipal(target), "HTTP/localhost:8080");
  // A CNAME's canonical name, when the browser looked it up; NTLM's target name keeps `host`.
  target.host = "alias.harness.test";
  target.kerberosHost = "web01.harness.test";
  EXPECT_EQ(authreplay::auth::servicePrincipal(target), "HTTP/web01.harness.test:8080");
  target.spnIncludesPort = false;
  EXPECT_EQ(authreplay::auth::servicePrincipal(target), "HTTP@web01.harness.test");
  EXPECT_EQ(authreplay::auth::ntlmTargetName(target), "HTTP/alias.harness.test");
}

TEST(SecretTest, MovedFromSecretIsEmpty) {
  Secret secret("pw");
  Secret moved(std::move(secret));
  EXPECT_TRUE(secret.empty());  // NOLINT(bugprone-use-after-move): wiped on purpose
  EXPECT_EQ(moved.reveal(), "pw");
  Secret assigned;
  assigned = std::move(moved);
  EXPECT_TRUE(moved.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(assigned.reveal(), "pw");
}

}  // namespace
