// "Malformed tokens never crash" (STYLE.md, curl's lib/vauth/ntlm.c): random bytes and single-byte
// mutations of real gss-ntlmssp tokens, under NTLM and Negotiate, with and without a handshake
// pending on the connection. Seeded, so a failure reproduces. Run under the asan preset too.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "auth/base64.h"
#include "gss_initiator.h"
#include "iis-sim/auth/authenticator.h"
#include "test_users.h"

namespace {

using authreplay::auth::base64Encode;
using authreplay::testing::GssInitiator;
using iissim::AuthOutcome;

using authreplay::testing::kTestPassword;
using authreplay::testing::kTestUser;

class MalformedTokenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Linked with connection_authenticator_test.cpp, whose global environment has already set up
    // the same account; on its own, this suite writes its own user file.
    if (getenv("NTLM_USER_FILE") == nullptr) {
      const auto dir = std::filesystem::temp_directory_path() / "authreplay-malformed-token-test";
      std::filesystem::create_directories(dir);
      std::ofstream(dir / "users") << "HARNESS:alice:" << kTestPassword << "\n";
      setenv("NTLM_USER_FILE", (dir / "users").c_str(), 1);
      setenv("KRB5_KTNAME", (dir / "none.keytab").c_str(), 1);
    }
    credentials_ = iissim::AcceptorCredentials::fromEnvironment();
  }
  static void TearDownTestSuite() { credentials_.reset(); }

  static iissim::AuthenticationSettings windowsOnly() {
    iissim::AuthenticationSettings settings;
    settings.anonymousEnabled = false;
    settings.windows.enabled = true;
    return settings;
  }

  static void expectHandled(const AuthOutcome& outcome) {
    EXPECT_TRUE(outcome.status == 200 || outcome.status == 400 || outcome.status == 401)
        << outcome.status;
    if (outcome.kind == AuthOutcome::Kind::kReject) {
      EXPECT_TRUE(outcome.substatus == 0 || outcome.substatus == 1 || outcome.substatus == 2);
    }
  }

  static inline std::shared_ptr<iissim::AcceptorCredentials> credentials_;
};

TEST_F(MalformedTokenTest, RandomBytesAreNeverAuthenticated) {
  std::mt19937 random(20261121);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 400);
  const std::vector<std::uint8_t> prefixes[] = {
      {},
      {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0},
      {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0},
      {0x60},
      {0xa1},
      {0x60, 0x82, 0x01, 0x00, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02},
  };
  for (int i = 0; i < 3000; ++i) {
    std::vector<std::uint8_t> token = prefixes[i % std::size(prefixes)];
    const int extra = length(random);
    for (int j = 0; j < extra; ++j) {
      token.push_back(static_cast<std::uint8_t>(byte(random)));
    }
    iissim::ConnectionAuthenticator connection(credentials_);
    iissim::AuthRequest request;
    request.authorization = std::string(i % 2 ? "NTLM " : "Negotiate ") + base64Encode(token);
    const AuthOutcome outcome = connection.authenticate(windowsOnly(), request);
    expectHandled(outcome);
    EXPECT_NE(outcome.kind, AuthOutcome::Kind::kAuthenticated) << *request.authorization;
  }
}

TEST_F(MalformedTokenTest, MutatedRealTokensAreHandledAtEveryLeg) {
  std::mt19937 random(4559);
  for (const auto wrapping : {GssInitiator::Wrapping::kRawNtlm, GssInitiator::Wrapping::kSpnego}) {
    const std::string scheme =
        wrapping == GssInitiator::Wrapping::kRawNtlm ? "NTLM " : "Negotiate ";
    for (int i = 0; i < 150; ++i) {
      GssInitiator client(kTestUser, kTestPassword, wrapping);
      iissim::ConnectionAuthenticator connection(credentials_);
      auto first = client.step();
      iissim::AuthRequest request;
      request.authorization = scheme + base64Encode(first);
      const AuthOutcome challenge = connection.authenticate(windowsOnly(), request);
      ASSERT_EQ(challenge.wwwAuthenticate.size(), 1u);
      const auto serverToken =
          authreplay::auth::base64Decode(challenge.wwwAuthenticate[0].substr(scheme.size()));
      ASSERT_TRUE(serverToken);
      auto last = client.step(*serverToken);
      // Damage one byte, or cut the token short, then send it on the pending connection.
      if (i % 3 == 0) {
        last.resize(std::uniform_int_distribution<std::size_t>(0, last.size() - 1)(random));
      } else {
        const auto at = std::uniform_int_distribution<std::size_t>(0, last.size() - 1)(random);
        last[at] ^= static_cast<std::uint8_t>(1 + random() % 255);
      }
      request.authorization = scheme + base64Encode(last);
      expectHandled(connection.authenticate(windowsOnly(), request));
      // Whatever happened, the connection still answers the next request sanely.
      expectHandled(connection.authenticate(windowsOnly(), iissim::AuthRequest{}));
    }
  }
}

}  // namespace
