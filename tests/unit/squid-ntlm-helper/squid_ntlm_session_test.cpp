// squid's NTLM helper protocol as squid 5.7 speaks it (squid_ntlm_session.h): YR with the
// client's Type 1 -> TT with our Type 2, KK with the Type 3 -> OK user= / NA, and BH for what is
// not a request. The client is the project's real NTLM initiator (both browser styles).
#include "squid_ntlm_session.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_initiator.h"
#include "nt_hash_file.h"

namespace squidntlm {
namespace {

using authreplay::auth::base64Decode;
using authreplay::auth::base64Encode;
using namespace authreplay::auth::ntlm;

constexpr char kPassword[] = "Secret123";

std::shared_ptr<const AcceptorConfig> acceptorConfig() {
  static const auto accounts = std::make_shared<const NtHashFile>(NtHashFile::parse(
      NtHashFile::formatLine(Account{"HARNESS", "alice", ntowfV1(kPassword)}), "test"));
  auto config = std::make_shared<AcceptorConfig>();
  config->netbiosComputer = "PROXY";
  config->netbiosDomain = "HARNESS";
  config->dnsComputer = "proxy.harness.test";
  config->lookup = [](std::string_view domain, std::string_view user) {
    return accounts->find(domain, user);
  };
  return config;
}

InitiatorConfig client(ClientStyle style, std::string_view password,
                       std::string domain = "HARNESS") {
  InitiatorConfig c;
  c.style = style;
  c.user = "alice";
  c.domain = std::move(domain);
  c.ntHash = ntowfV1(password);
  c.workstation = "CLIENT";
  return c;
}

// The token after "TT ", or a test failure.
std::vector<std::uint8_t> challengeOf(const std::string& reply) {
  EXPECT_EQ(reply.rfind("TT ", 0), 0u) << reply;
  auto decoded = base64Decode(reply.size() > 3 ? reply.substr(3) : "");
  EXPECT_TRUE(decoded.has_value()) << reply;
  return decoded.value_or(std::vector<std::uint8_t>{});
}

std::string type3(NtlmInitiator& initiator, const std::vector<std::uint8_t>& type2) {
  auto answer = initiator.authenticate(type2);
  EXPECT_TRUE(std::holds_alternative<Bytes>(answer));
  return std::holds_alternative<Bytes>(answer) ? base64Encode(std::get<Bytes>(answer)) : "";
}

TEST(SquidNtlmSession, RightPasswordIsOkWithTheAccountEscapedForSquid) {
  for (const auto style : {ClientStyle::kChromium, ClientStyle::kWindowsSspi}) {
    SquidNtlmSession session(acceptorConfig());
    NtlmInitiator initiator(client(style, kPassword));
    const auto type2 = challengeOf(session.respond("YR " + base64Encode(initiator.negotiate())));
    // squid's rfc1738_unescape turns %5C back into the backslash.
    EXPECT_EQ(session.respond("KK " + type3(initiator, type2)), "OK user=HARNESS%5Calice");
  }
}

TEST(SquidNtlmSession, UserWithoutDomainFindsTheOneAccount) {
  SquidNtlmSession session(acceptorConfig());
  NtlmInitiator initiator(client(ClientStyle::kChromium, kPassword, ""));
  const auto type2 = challengeOf(session.respond("YR " + base64Encode(initiator.negotiate())));
  EXPECT_EQ(session.respond("KK " + type3(initiator, type2)), "OK user=HARNESS%5Calice");
}

TEST(SquidNtlmSession, WrongPasswordIsNaWithLogonDenied) {
  SquidNtlmSession session(acceptorConfig());
  NtlmInitiator initiator(client(ClientStyle::kWindowsSspi, "not the password"));
  const auto type2 = challengeOf(session.respond("YR " + base64Encode(initiator.negotiate())));
  const auto reply = session.respond("KK " + type3(initiator, type2));
  EXPECT_EQ(reply.rfind("NA ", 0), 0u) << reply;
  EXPECT_NE(reply.find("0x8009030c"), std::string::npos) << reply;  // SEC_E_LOGON_DENIED
  EXPECT_EQ(reply.find("not the password"), std::string::npos);
}

TEST(SquidNtlmSession, Type3IsAcceptedOnceAndNotReplayed) {
  SquidNtlmSession session(acceptorConfig());
  NtlmInitiator initiator(client(ClientStyle::kChromium, kPassword));
  const auto type2 = challengeOf(session.respond("YR " + base64Encode(initiator.negotiate())));
  const auto answer = type3(initiator, type2);
  EXPECT_EQ(session.respond("KK " + answer), "OK user=HARNESS%5Calice");
  const auto replay = session.respond("KK " + answer);
  EXPECT_EQ(replay.rfind("NA ", 0), 0u) << replay;
  EXPECT_NE(replay.find("0x80090308"), std::string::npos) << replay;  // SEC_E_INVALID_TOKEN
}

TEST(SquidNtlmSession, Type3FromAnotherHandshakeIsRefused) {
  // The Type 3 answers another helper's challenge: its NTProofStr is over another server
  // challenge, so this helper's acceptor cannot verify it.
  SquidNtlmSession other(acceptorConfig());
  NtlmInitiator initiator(client(ClientStyle::kChromium, kPassword));
  const auto type2 = challengeOf(other.respond("YR " + base64Encode(initiator.negotiate())));
  const auto answer = type3(initiator, type2);
  SquidNtlmSession session(acceptorConfig());
  NtlmInitiator second(client(ClientStyle::kChromium, kPassword));
  challengeOf(session.respond("YR " + base64Encode(second.negotiate())));
  const auto reply = session.respond("KK " + answer);
  EXPECT_EQ(reply.rfind("NA ", 0), 0u) << reply;
}

TEST(SquidNtlmSession, KkWithANewType1StartsOver) {
  SquidNtlmSession session(acceptorConfig());
  NtlmInitiator first(client(ClientStyle::kChromium, kPassword));
  challengeOf(session.respond("YR " + base64Encode(first.negotiate())));
  NtlmInitiator second(client(ClientStyle::kChromium, kPassword));
  const auto type2 = challengeOf(session.respond("KK " + base64Encode(second.negotiate())));
  EXPECT_EQ(session.respond("KK " + type3(second, type2) + " extra=ignored"),
            "OK user=HARNESS%5Calice");
}

TEST(SquidNtlmSession, MalformedRequestsAreBrokenHelperReplies) {
  SquidNtlmSession session(acceptorConfig());
  const std::string type2Token = base64Encode(
      std::vector<std::uint8_t>{'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0, 0, 0, 0, 0});
  const std::vector<std::string> lines{"",
                                       "YR",
                                       "KK",
                                       "YR ",
                                       "XX abc",
                                       "yr TlRMTVNTUAABAAAA",
                                       "YR !!!!",
                                       "YR TlRMTVNTUAABAAA",
                                       "YR AAAAAAAAAAAAAAAA",
                                       "KK " + type2Token,
                                       "YR " + type2Token,
                                       std::string("YR \x01\x02\xff", 6)};
  for (const std::string& line : lines) {
    const auto reply = session.respond(line);
    EXPECT_EQ(reply.rfind("BH ", 0), 0u) << "line \"" << line << "\" -> " << reply;
    for (const char c : reply) {
      EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "reply to \"" << line << "\" is not one printable line";
    }
  }
}

TEST(SquidNtlmSession, TruncatedAndGarbledType1AndType3NeverCrash) {
  NtlmInitiator initiator(client(ClientStyle::kWindowsSspi, kPassword));
  const Bytes negotiate = initiator.negotiate();
  SquidNtlmSession probe(acceptorConfig());
  const auto type2 = challengeOf(probe.respond("YR " + base64Encode(negotiate)));
  const auto authenticate = base64Decode(type3(initiator, type2)).value();
  for (std::size_t cut = 0; cut < authenticate.size(); cut += 7) {
    SquidNtlmSession session(acceptorConfig());
    NtlmInitiator fresh(client(ClientStyle::kWindowsSspi, kPassword));
    challengeOf(session.respond("YR " + base64Encode(fresh.negotiate())));
    Bytes message(authenticate.begin(), authenticate.begin() + static_cast<std::ptrdiff_t>(cut));
    if (message.size() > 20)
      message[message.size() / 2] ^= 0xff;
    const auto reply = session.respond("KK " + base64Encode(message));
    EXPECT_TRUE(reply.rfind("NA ", 0) == 0 || reply.rfind("BH ", 0) == 0) << cut << ": " << reply;
  }
  for (std::size_t cut = 0; cut < negotiate.size(); ++cut) {
    SquidNtlmSession session(acceptorConfig());
    const Bytes message(negotiate.begin(), negotiate.begin() + static_cast<std::ptrdiff_t>(cut));
    const auto reply = session.respond("YR " + base64Encode(message));
    EXPECT_TRUE(reply.rfind("TT ", 0) == 0 || reply.rfind("BH ", 0) == 0) << cut << ": " << reply;
  }
}

TEST(NtHashFile, RoundTripsAndRejectsMalformedLines) {
  const Account alice{"HARNESS", "alice", ntowfV1(kPassword)};
  const auto file = NtHashFile::parse("# comment\n" + NtHashFile::formatLine(alice), "test");
  ASSERT_TRUE(file.find("harness", "ALICE").has_value());
  EXPECT_EQ(file.find("harness", "ALICE")->ntHash, alice.ntHash);
  EXPECT_FALSE(file.find("OTHER", "alice").has_value());
  for (const char* bad : {"", "HARNESS:alice", "HARNESS::00112233445566778899aabbccddeeff",
                          "HARNESS:alice:0011", "HARNESS:alice:zz112233445566778899aabbccddeeff"}) {
    EXPECT_THROW(NtHashFile::parse(bad, "test"), std::runtime_error) << bad;
  }
}

}  // namespace
}  // namespace squidntlm
