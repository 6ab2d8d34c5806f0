// The NTLM token producers (harness/auth/ntlm_token_producer.h, spnego_ntlm_token_producer.h)
// through makeTokenProducer, against the project's acceptor: raw NTLM and NTLM inside SPNEGO in
// each client style, with the mechListMIC both ways (RFC 4178 §5), the spec's defaults (domain
// split, workstation, MsvAvTargetName) and every hostile Type 2 as an error value (issue 9).
#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

#include "auth/base64.h"
#include "auth/leg_label.h"
#include "auth/ntlm/ntlm_encode.h"
#include "auth/token_producer.h"
#include "ntlm_test_support.h"
#include "test_users.h"

namespace authreplay::auth {
namespace {

using ntlm::ClientStyle;
using testing::Bytes;
using testing::kTestPassword;
using testing::SpnegoNtlmAcceptor;

ProducerSpec spec(Mechanism mechanism, ClientStyle style, std::string password = kTestPassword) {
  ProducerSpec spec;
  spec.mechanism = mechanism;
  spec.ntlmStyle = style;
  spec.user = testing::kTestUser;
  spec.password = Secret(password);
  spec.host = "localhost";
  spec.port = 8080;
  return spec;
}

std::unique_ptr<TokenProducer> producer(const ProducerSpec& spec) {
  auto made = makeTokenProducer(spec);
  EXPECT_TRUE(made) << made.error().message();
  return made ? std::move(*made) : nullptr;
}

Bytes tokenOf(const std::string& value) {
  return base64Decode(value.substr(value.find(' ') + 1)).value_or(Bytes{});
}

std::string header(std::string_view scheme, std::span<const std::uint8_t> token) {
  return std::string(scheme) + " " + base64Encode(token);
}

// A raw NTLM handshake of `client` against the project's acceptor: the Type 3 and the verdict.
struct RawLogon {
  std::vector<std::string> labels;
  Bytes type3;
  std::variant<ntlm::AcceptedLogon, ntlm::AcceptFailure> result = ntlm::AcceptFailure{};
};
RawLogon rawLogon(TokenProducer& client) {
  RawLogon out;
  ntlm::NtlmAcceptor server(testing::aliceAcceptor());
  const auto first = client.first();
  if (!first) {
    ADD_FAILURE() << first.error().message();
    return out;
  }
  out.labels.push_back(legLabel(*first));
  const Bytes type2 = std::get<Bytes>(server.challenge(tokenOf(*first)));
  const auto next = client.next(header(client.scheme(), type2));
  if (!next) {
    ADD_FAILURE() << next.error().message();
    return out;
  }
  out.labels.push_back(legLabel(*next));
  out.type3 = tokenOf(*next);
  out.result = server.authenticate(out.type3);
  return out;
}

TEST(NtlmProducer, EachStyleLogsInWithItsOwnType1) {
  const std::pair<ClientStyle, const char*> styles[] = {
      {ClientStyle::kChromium, "NTLM TlRMTVNTUAABAAAAB4IIAAAAAAAgAAAAAAAAACAAAAA="},
      {ClientStyle::kWindowsSspi, "NTLM TlRMTVNTUAABAAAAl4II4gAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw=="}};
  for (const auto& [style, type1] : styles) {
    auto first = producer(spec(Mechanism::kNtlm, style));
    ASSERT_TRUE(first);
    EXPECT_EQ(*first->first(), type1);

    auto client = producer(spec(Mechanism::kNtlm, style));
    EXPECT_EQ(client->scheme(), "NTLM");
    const RawLogon logon = rawLogon(*client);
    EXPECT_EQ(logon.labels, (std::vector<std::string>{"NTLM/1", "NTLM/3"}));
    ASSERT_TRUE(std::holds_alternative<ntlm::AcceptedLogon>(logon.result))
        << std::get<ntlm::AcceptFailure>(logon.result).reason;
    const auto& accepted = std::get<ntlm::AcceptedLogon>(logon.result);
    EXPECT_TRUE(accepted.micVerified);
    EXPECT_EQ(accepted.clientDomain, "HARNESS");
    EXPECT_EQ(accepted.clientUser, "alice");
    EXPECT_TRUE(client->complete());
    EXPECT_EQ(client->mechanism(), "NTLM");
    EXPECT_FALSE(client->mutualAuthVerified());
    EXPECT_FALSE(client->verifyFinal("NTLM abc=")) << "NTLM has no final token";
  }
}

TEST(NtlmProducer, WrongPasswordIsRefusedByTheAcceptor) {
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    auto client = producer(spec(Mechanism::kNtlm, style, "not-the-password"));
    const RawLogon logon = rawLogon(*client);
    ASSERT_TRUE(std::holds_alternative<ntlm::AcceptFailure>(logon.result));
    EXPECT_EQ(std::get<ntlm::AcceptFailure>(logon.result).win32Status, ntlm::kSecELogonDenied);
  }
}

TEST(NtlmProducer, RawNtlmsspUnderNegotiate) {
  ProducerSpec raw = spec(Mechanism::kNtlm, ClientStyle::kWindowsSspi);
  raw.ntlmUnderNegotiate = true;
  auto client = producer(raw);
  EXPECT_EQ(client->scheme(), "Negotiate");
  const RawLogon logon = rawLogon(*client);
  EXPECT_EQ(logon.labels, (std::vector<std::string>{"Negotiate(NTLM)/1", "Negotiate(NTLM)/3"}));
  EXPECT_TRUE(std::holds_alternative<ntlm::AcceptedLogon>(logon.result));
}

// SplitDomainAndUser (Chromium net/http/http_auth_handler_ntlm.cc): the first backslash splits;
// without one the domain is empty (and the acceptor tries the account with an empty domain).
TEST(NtlmProducer, UserIsSplitAtTheFirstBackslash) {
  const std::pair<const char*, std::pair<const char*, const char*>> cases[] = {
      {"HARNESS\\alice", {"HARNESS", "alice"}},
      {"alice", {"", "alice"}},
      {"HARNESS\\alice\\x", {"HARNESS", "alice\\x"}}};
  for (const auto& [user, expected] : cases) {
    ProducerSpec named = spec(Mechanism::kNtlm, ClientStyle::kChromium);
    named.user = user;
    auto client = producer(named);
    const RawLogon logon = rawLogon(*client);
    auto decoded = ntlm::decodeAuthenticate(logon.type3);
    ASSERT_TRUE(std::holds_alternative<ntlm::AuthenticateMessage>(decoded)) << user;
    EXPECT_EQ(std::get<ntlm::AuthenticateMessage>(decoded).domain, expected.first) << user;
    EXPECT_EQ(std::get<ntlm::AuthenticateMessage>(decoded).user, expected.second) << user;
  }
}

TEST(NtlmProducer, WorkstationAndTargetNameDefaults) {
  EXPECT_EQ(ntlmWorkstation(ClientStyle::kChromium, "build-01.corp.example"),
            "build-01.corp.example");
  EXPECT_EQ(ntlmWorkstation(ClientStyle::kWindowsSspi, "build-01.corp.example"), "BUILD-01");
  EXPECT_EQ(ntlmWorkstation(ClientStyle::kWindowsSspi, "a-rather-long-hostname"),
            "A-RATHER-LONG-H");

  ProducerSpec target = spec(Mechanism::kNtlm, ClientStyle::kChromium);
  EXPECT_EQ(ntlmTargetName(target), "HTTP/localhost") << "IE: never the port";
  target.ntlmSpnIncludesPort = true;
  EXPECT_EQ(ntlmTargetName(target), "HTTP/localhost:8080") << "CreateSPN: not 80/443";
  for (const std::uint16_t port : {80, 443}) {
    target.port = port;
    EXPECT_EQ(ntlmTargetName(target), "HTTP/localhost") << port;
  }

  char host[HOST_NAME_MAX + 1] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    ProducerSpec withPort = spec(Mechanism::kNtlm, style);
    withPort.ntlmSpnIncludesPort = true;
    auto client = producer(withPort);
    const RawLogon logon = rawLogon(*client);
    const auto& accepted = std::get<ntlm::AcceptedLogon>(logon.result);
    EXPECT_EQ(accepted.workstation, ntlmWorkstation(style, host));
    EXPECT_EQ(accepted.targetName, "HTTP/localhost:8080");
  }
  ProducerSpec named = spec(Mechanism::kNtlm, ClientStyle::kWindowsSspi);
  named.workstation = "KIOSK-7";
  auto client = producer(named);
  EXPECT_EQ(std::get<ntlm::AcceptedLogon>(rawLogon(*client).result).workstation, "KIOSK-7");
}

// NTLM inside SPNEGO framed by the producer: NegTokenInit{[NTLMSSP], Type 1}, then
// NegTokenResp{Type 3, mechListMIC}; the acceptor's final mechListMIC is verified.
TEST(SpnegoNtlmProducer, LogsInWithTheMechListMicBothWays) {
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    auto client = producer(spec(Mechanism::kNegotiate, style));
    ASSERT_TRUE(client);
    EXPECT_EQ(client->scheme(), "Negotiate");
    const auto first = client->first();
    ASSERT_TRUE(first);
    const auto described = describeAuthValue(*first);
    EXPECT_TRUE(described.spnego);
    EXPECT_EQ(described.mechTypes, std::vector<std::string>{"NTLM"});
    EXPECT_EQ(described.label, "Negotiate(NTLM)/1");

    SpnegoNtlmAcceptor server;
    auto challenge = server.init(tokenOf(*first));
    ASSERT_TRUE(std::holds_alternative<Bytes>(challenge)) << std::get<std::string>(challenge);
    const auto next = client->next(header("Negotiate", std::get<Bytes>(challenge)));
    ASSERT_TRUE(next) << next.error().message();
    EXPECT_EQ(legLabel(*next), "Negotiate(NTLM)/3");
    auto final = server.finish(tokenOf(*next));
    ASSERT_TRUE(std::holds_alternative<Bytes>(final)) << std::get<std::string>(final);
    EXPECT_TRUE(server.clientMicPresent);
    ASSERT_TRUE(server.logon);
    EXPECT_EQ(server.logon->clientUser, "alice");
    EXPECT_FALSE(client->complete()) << "until the accept-completed arrived";
    const std::string finalValue = header("Negotiate", std::get<Bytes>(final));
    EXPECT_EQ(legLabel(finalValue), "Negotiate(SPNEGO)/accept-completed");
    const auto verified = client->verifyFinal(finalValue);
    EXPECT_TRUE(verified) << verified.error().message();
    EXPECT_TRUE(client->complete());
    EXPECT_EQ(client->mechanism(), "NTLM");
    EXPECT_FALSE(client->mutualAuthVerified());
  }
}

// Drives a SPNEGO NTLM handshake to the acceptor's final token.
struct SpnegoRun {
  std::unique_ptr<TokenProducer> client;
  Bytes final;
};
SpnegoRun spnegoRun(bool signFinal) {
  SpnegoRun run{producer(spec(Mechanism::kNegotiate, ClientStyle::kWindowsSspi)), {}};
  SpnegoNtlmAcceptor server(signFinal);
  const Bytes challenge = std::get<Bytes>(server.init(tokenOf(*run.client->first())));
  const auto next = run.client->next(header("Negotiate", challenge));
  run.final = std::get<Bytes>(server.finish(tokenOf(*next)));
  return run;
}

TEST(SpnegoNtlmProducer, AbsentFinalMicIsAcceptedAWrongOneIsNot) {
  SpnegoRun unsigned_ = spnegoRun(false);
  EXPECT_TRUE(unsigned_.client->verifyFinal(header("Negotiate", unsigned_.final)));

  SpnegoRun tampered = spnegoRun(true);
  tampered.final[tampered.final.size() - 5] ^= 0x01;  // inside the signature's checksum
  const auto refused = tampered.client->verifyFinal(header("Negotiate", tampered.final));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(), "verifyFinal(): the server's mechListMIC does not verify");
  EXPECT_FALSE(tampered.client->complete());

  auto reject = producer(spec(Mechanism::kNegotiate, ClientStyle::kWindowsSspi));
  ASSERT_TRUE(reject->first());
  const auto rejected = reject->next(
      header("Negotiate", spnego::encodeNegTokenResp(spnego::NegState::kReject, std::nullopt,
                                                     std::nullopt, std::nullopt)));
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().message(), "SPNEGO: the server rejected NTLMSSP (negState reject)");
}

// No usable Kerberos credential: NTLM inside SPNEGO; none at all and no password: an error that
// says why for both.
TEST(SpnegoNtlmProducer, WithoutKerberosNegotiateIsNtlmInsideSpnego) {
  ProducerSpec noTicket = spec(Mechanism::kNegotiate, ClientStyle::kWindowsSspi);
  noTicket.kerberos.ccache = "FILE:/nonexistent/authreplay-test.ccache";
  auto client = producer(noTicket);
  ASSERT_TRUE(client);
  EXPECT_EQ(describeAuthValue(*client->first()).mechTypes, std::vector<std::string>{"NTLM"});

  ProducerSpec nothing = spec(Mechanism::kNegotiate, ClientStyle::kWindowsSspi, "");
  auto none = makeTokenProducer(nothing);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message(),
            "Negotiate credentials: neither Kerberos (Kerberos credentials: no ccache, client "
            "keytab or password given) nor NTLM (no user and password) is usable");
}

// The Type 2s that crashed gss-ntlmssp 1.2.0's initiator, and damaged ones: a Type 3 or an error
// value, never a crash, never the password in the text.
TEST(NtlmProducer, HostileType2sAreErrorValues) {
  ntlm::ChallengeLayout crash;
  crash.flags = ntlm::flags::kUnicode | ntlm::flags::kNtlm | ntlm::flags::kTargetTypeServer |
                ntlm::flags::kExtendedSessionSecurity | ntlm::flags::kTargetInfo;
  crash.targetInfo = ntlm::encodeAvPairs({ntlm::avPairU64(ntlm::AvId::kTimestamp, 1)});
  const Bytes crashType2 = ntlm::encodeChallenge(crash);
  for (const ClientStyle style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    auto raw = producer(spec(Mechanism::kNtlm, style));
    ASSERT_TRUE(raw->first());
    const auto answered = raw->next(header("NTLM", crashType2));
    ASSERT_TRUE(answered) << answered.error().message();
    EXPECT_EQ(legLabel(*answered), "NTLM/3");

    auto inSpnego = producer(spec(Mechanism::kNegotiate, style));
    ASSERT_TRUE(inSpnego->first());
    const auto wrapped = inSpnego->next(header(
        "Negotiate", spnego::encodeNegTokenResp(spnego::NegState::kAcceptIncomplete,
                                                testing::ntlmsspOid(), crashType2, std::nullopt)));
    ASSERT_TRUE(wrapped) << wrapped.error().message();

    const std::pair<const char*, const char*> hostile[] = {
        {"NTLM TlRMTVNTUAACAAAA", "NTLM Type 3: Type 2: "},
        {"NTLM AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "NTLM Type 3: Type 2: "},
        {"NTLM !!!", "next(): the server's token is not base64"},
        {"NTLM", "next(): the server's NTLM challenge carries no token"},
        {"Negotiate TlRMTVNTUAACAAAA", "next(): expected a `NTLM <token>` challenge"}};
    for (const auto& [value, expected] : hostile) {
      auto client = producer(spec(Mechanism::kNtlm, style));
      const auto early = client->next(value);
      ASSERT_FALSE(early);
      EXPECT_EQ(early.error().message(), "next(): first() has not been called");
      ASSERT_TRUE(client->first());
      const auto out = client->next(value);
      ASSERT_FALSE(out) << value;
      EXPECT_EQ(out.error().message().rfind(expected, 0), 0u) << out.error().message();
      EXPECT_EQ(out.error().message().find(kTestPassword), std::string::npos);
      EXPECT_FALSE(client->complete());
    }
    auto spnegoGarbage = producer(spec(Mechanism::kNegotiate, style));
    ASSERT_TRUE(spnegoGarbage->first());
    const auto notSpnego = spnegoGarbage->next("Negotiate TlRMTVNTUAACAAAA");
    ASSERT_FALSE(notSpnego);
    EXPECT_EQ(notSpnego.error().message().rfind("SPNEGO NegTokenResp: ", 0), 0u)
        << notSpnego.error().message();
  }
  auto twice = producer(spec(Mechanism::kNtlm, ClientStyle::kChromium));
  ASSERT_TRUE(twice->first());
  ASSERT_TRUE(twice->next(header("NTLM", crashType2)));
  EXPECT_FALSE(twice->next(header("NTLM", crashType2)));
  EXPECT_FALSE(twice->first());
}

}  // namespace
}  // namespace authreplay::auth
