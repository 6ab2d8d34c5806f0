// The process environment gss-ntlmssp reads as an acceptor (IIS-FACTS.md §8), set up once per
// test binary by a GoogleTest global environment (auth_test_environment.cpp, linked into every
// binary that runs in-process handshakes against iissim_auth's ConnectionAuthenticator): a
// temporary NTLM_USER_FILE with test_users.h's account (and bob), NetBIOS names, no keytab.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "iis-sim/auth/authenticator.h"

namespace authreplay::testing {

class AuthEnvironment : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;

  static inline std::shared_ptr<iissim::AcceptorCredentials> credentials;
  static std::filesystem::path dir() { return dir_; }

 private:
  static inline std::filesystem::path dir_;
};

}  // namespace authreplay::testing
