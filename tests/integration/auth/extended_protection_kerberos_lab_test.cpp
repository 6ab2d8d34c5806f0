// Extended Protection for Kerberos (issue 13) against the lab's KDC: a real MIT krb5 initiator
// (gss_init_sec_context with the lab user's ccache) binds its AP-REQ authenticator to right, wrong
// or no channel bindings (RFC 4121 §4.1.1.2), and iis-sim's ConnectionAuthenticator, in process
// with the lab's keytab and environment (DIR/iis-sim.env), judges it. First the MIT acceptor
// behaviour the authenticator relies on, measured rather than assumed: GSS_S_BAD_BINDINGS for
// other bindings, success *without* GSS_C_CHANNEL_BOUND_FLAG for none (so Require is enforced by
// iis-sim, IIS-FACTS.md §11).
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>  // GSS_C_CHANNEL_BOUND_FLAG (MIT 1.19+)
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "auth/base64.h"
#include "auth/gss_handles.h"
#include "iis-sim/auth/authenticator.h"
#include "iis-sim/auth/certificate_channel_binding.h"
#include "lab_env.h"

namespace {

namespace gss = authreplay::auth::gss;
using authreplay::testing::LabEnv;
using iissim::AuthenticationSettings;
using iissim::AuthOutcome;
using iissim::AuthRequest;
using iissim::ConnectionAuthenticator;
using iissim::TokenChecking;
namespace win32 = iissim::win32;
using Bytes = std::vector<std::uint8_t>;

gss_OID_desc kKrb5Mech = {9, const_cast<char*>("\x2a\x86\x48\x86\xf7\x12\x01\x02\x02")};
gss_OID_desc kSpnegoMech = {6, const_cast<char*>("\x2b\x06\x01\x05\x05\x02")};

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The initiator's first token for HTTP@localhost with BINDING (empty = GSS_C_NO_CHANNEL_BINDINGS).
Bytes initiatorToken(gss_OID mech, const Bytes& binding) {
  const std::string service = "HTTP@localhost";
  gss_buffer_desc input{service.size(), const_cast<char*>(service.data())};
  gss::Name target;
  OM_uint32 minor = 0;
  EXPECT_FALSE(
      GSS_ERROR(gss_import_name(&minor, &input, GSS_C_NT_HOSTBASED_SERVICE, target.out())));
  gss::Context context;
  gss::ChannelBindings bindings(binding);
  gss::Buffer output;
  const OM_uint32 major = gss_init_sec_context(
      &minor, GSS_C_NO_CREDENTIAL, context.out(), target.get(), mech, GSS_C_MUTUAL_FLAG, 0,
      bindings.get(), GSS_C_NO_BUFFER, nullptr, output.out(), nullptr, nullptr);
  EXPECT_FALSE(GSS_ERROR(major)) << gss::describeStatus(major, minor, mech);
  const auto bytes = output.bytes();
  return Bytes(bytes.begin(), bytes.end());
}

class ExtendedProtectionKerberosLabTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lab_ = LabEnv::load();
    if (!lab_)
      return;
    // The acceptor's environment exactly as labctl starts iis-sim (keytab, krb5.conf, replay
    // cache folder, NTLM users and names), and the lab user's ticket cache for the initiator.
    std::istringstream environment(readFile(std::filesystem::path(lab_->dir()) / "iis-sim.env"));
    for (std::string line; std::getline(environment, line);) {
      const auto equals = line.find('=');
      if (equals != std::string::npos)
        setenv(line.substr(0, equals).c_str(), line.substr(equals + 1).c_str(), 1);
    }
    setenv("KRB5CCNAME", lab_->get("KRB5CCNAME").c_str(), 1);
    // MIT's mechglue loads every mechanism listed in /etc/gss/mech.d, gss-ntlmssp among them
    // (installed for the NTLM differential oracle). This test is about MIT's krb5 acceptor; the
    // gss-ntlmssp module's start-up leaves OpenSSL allocations behind that LeakSanitizer reports
    // without a stack past libcrypto (built without frame pointers), so the gssntlmssp.so
    // suppression cannot match them. An empty mechanism configuration keeps the module out.
    setenv("GSS_MECH_CONFIG", "/dev/null", 1);
    credentials_ = iissim::AcceptorCredentials::fromEnvironment();
    // The lab's https binding certificate (DIR/iis-sim.json), as iis-sim computes it at start.
    const auto config =
        nlohmann::json::parse(readFile(std::filesystem::path(lab_->dir()) / "iis-sim.json"));
    for (const auto& binding : config.at("sites").at(0).at("bindings")) {
      if (binding.value("protocol", "") == "https") {
        auto computed = iissim::channelBindingOfCertificateFile(
            binding.at("certificateFile").get<std::string>());
        if (auto* bytes = std::get_if<Bytes>(&computed))
          server_ = *bytes;
      }
    }
    // Another certificate (the lab CA's): what a client bound to when a proxy terminated TLS.
    auto other = iissim::channelBindingOfCertificateFile(lab_->get("AUTHREPLAY_CA"));
    if (auto* bytes = std::get_if<Bytes>(&other))
      proxy_ = *bytes;
  }

  void SetUp() override {
    if (!lab_)
      GTEST_SKIP() << LabEnv::skipReason();
    ASSERT_FALSE(server_.empty()) << "no https binding certificate in DIR/iis-sim.json";
    ASSERT_FALSE(proxy_.empty());
    ASSERT_NE(server_, proxy_);
  }

  static AuthenticationSettings epa(TokenChecking tokenChecking) {
    AuthenticationSettings settings;
    settings.anonymousEnabled = false;
    settings.windows.enabled = true;
    settings.windows.extendedProtection.tokenChecking = tokenChecking;
    return settings;
  }

  // One request carrying TOKEN on a new connection whose TLS binding has SERVER_BINDING (nullopt =
  // plain HTTP).
  static AuthOutcome send(const AuthenticationSettings& settings, const Bytes& token,
                          std::optional<Bytes> serverBinding) {
    ConnectionAuthenticator connection(credentials_);
    AuthRequest request;
    request.authorization = "Negotiate " + authreplay::auth::base64Encode(token);
    request.host = "localhost";
    request.secureChannel = serverBinding.has_value();
    request.channelBinding = std::move(serverBinding);
    return connection.authenticate(settings, request);
  }

  static void expectKerberosLogon(const AuthOutcome& outcome) {
    EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kAuthenticated) << outcome.detail;
    EXPECT_EQ(outcome.logonMethod, "Kerberos") << outcome.detail;
    EXPECT_EQ(outcome.user, "HARNESS\\alice");
  }

  static void expectBadBindings(const AuthOutcome& outcome) {
    EXPECT_EQ(outcome.kind, AuthOutcome::Kind::kReject) << outcome.detail;
    EXPECT_EQ(outcome.status, 401);
    EXPECT_EQ(outcome.substatus, 1);
    EXPECT_EQ(outcome.win32Status, win32::kSecEBadBindings) << outcome.detail;
    EXPECT_EQ(outcome.wwwAuthenticate, (std::vector<std::string>{"Negotiate", "NTLM"}));
  }

  static inline std::optional<LabEnv> lab_;
  static inline std::shared_ptr<iissim::AcceptorCredentials> credentials_;
  static inline Bytes server_;
  static inline Bytes proxy_;
};

struct Accepted {
  OM_uint32 major = 0;
  OM_uint32 retFlags = 0;
};

// MIT's acceptor alone, with the keytab's default credential and the server's bindings.
Accepted mitAccept(const Bytes& token, const Bytes& acceptorBinding) {
  gss::Context context;
  gss::ChannelBindings bindings(acceptorBinding);
  gss_buffer_desc input = gss::inputBuffer(token);
  gss::Buffer output;
  Accepted accepted;
  OM_uint32 minor = 0;
  accepted.major =
      gss_accept_sec_context(&minor, context.out(), GSS_C_NO_CREDENTIAL, &input, bindings.get(),
                             nullptr, nullptr, output.out(), &accepted.retFlags, nullptr, nullptr);
  return accepted;
}

TEST_F(ExtendedProtectionKerberosLabTest, MitAcceptorReportsChannelBoundOnlyForMatchingBindings) {
  const Accepted same = mitAccept(initiatorToken(&kKrb5Mech, server_), server_);
  EXPECT_EQ(same.major, GSS_S_COMPLETE);
  EXPECT_NE(same.retFlags & GSS_C_CHANNEL_BOUND_FLAG, 0u);

  const Accepted other = mitAccept(initiatorToken(&kKrb5Mech, proxy_), server_);
  EXPECT_EQ(GSS_ROUTINE_ERROR(other.major), GSS_S_BAD_BINDINGS);

  // The reason iis-sim enforces Require itself: a missing binding is accepted.
  const Accepted missing = mitAccept(initiatorToken(&kKrb5Mech, {}), server_);
  EXPECT_EQ(missing.major, GSS_S_COMPLETE);
  EXPECT_EQ(missing.retFlags & GSS_C_CHANNEL_BOUND_FLAG, 0u);

  // An acceptor without bindings takes any.
  const Accepted unchecked = mitAccept(initiatorToken(&kKrb5Mech, proxy_), {});
  EXPECT_EQ(unchecked.major, GSS_S_COMPLETE);
}

TEST_F(ExtendedProtectionKerberosLabTest, RequireWithTheServersBindingLogsOn) {
  expectKerberosLogon(
      send(epa(TokenChecking::kRequire), initiatorToken(&kKrb5Mech, server_), server_));
  // Inside SPNEGO too (MIT's SPNEGO passes the bindings to its krb5 mechanism).
  expectKerberosLogon(
      send(epa(TokenChecking::kRequire), initiatorToken(&kSpnegoMech, server_), server_));
}

TEST_F(ExtendedProtectionKerberosLabTest, RequireWithoutBindingIsBadBindings) {
  const AuthOutcome outcome =
      send(epa(TokenChecking::kRequire), initiatorToken(&kKrb5Mech, {}), server_);
  expectBadBindings(outcome);
  EXPECT_NE(outcome.detail.find("without channel binding"), std::string::npos) << outcome.detail;
  expectBadBindings(send(epa(TokenChecking::kRequire), initiatorToken(&kSpnegoMech, {}), server_));
}

TEST_F(ExtendedProtectionKerberosLabTest, RequireWithAnotherCertificatesBindingIsBadBindings) {
  const AuthOutcome outcome =
      send(epa(TokenChecking::kRequire), initiatorToken(&kKrb5Mech, proxy_), server_);
  expectBadBindings(outcome);
  EXPECT_NE(outcome.detail.find("TLS terminated elsewhere"), std::string::npos) << outcome.detail;
}

TEST_F(ExtendedProtectionKerberosLabTest, AllowServesNoBindingButRefusesAWrongOne) {
  expectKerberosLogon(send(epa(TokenChecking::kAllow), initiatorToken(&kKrb5Mech, {}), server_));
  expectKerberosLogon(
      send(epa(TokenChecking::kAllow), initiatorToken(&kKrb5Mech, server_), server_));
  expectBadBindings(send(epa(TokenChecking::kAllow), initiatorToken(&kKrb5Mech, proxy_), server_));
}

TEST_F(ExtendedProtectionKerberosLabTest, NoneAndPlainHttpDoNotCompareBindings) {
  expectKerberosLogon(send(epa(TokenChecking::kNone), initiatorToken(&kKrb5Mech, proxy_), server_));
  expectKerberosLogon(
      send(epa(TokenChecking::kRequire), initiatorToken(&kKrb5Mech, proxy_), std::nullopt));
  expectKerberosLogon(
      send(epa(TokenChecking::kRequire), initiatorToken(&kKrb5Mech, {}), std::nullopt));
}

// flags Proxy bypasses the exact match (HTTP_CHANNEL_BIND_PROXY); Kerberos has no SPN check (the
// ticket is for the keytab's key), so a binding to the proxy's certificate is served.
TEST_F(ExtendedProtectionKerberosLabTest, ProxyFlagDoesNotCompareKerberosBindings) {
  AuthenticationSettings settings = epa(TokenChecking::kRequire);
  settings.windows.extendedProtection.flags = iissim::extended_protection::kProxy;
  expectKerberosLogon(send(settings, initiatorToken(&kKrb5Mech, proxy_), server_));
}

}  // namespace
