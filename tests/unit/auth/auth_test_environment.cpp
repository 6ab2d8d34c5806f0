#include "auth_test_environment.h"

#include <stdlib.h>

#include <fstream>
#include <random>

#include "test_users.h"

namespace authreplay::testing {

void AuthEnvironment::SetUp() {
  std::random_device random;
  dir_ =
      std::filesystem::temp_directory_path() / ("authreplay-auth-test-" + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "users") << "HARNESS:alice:" << kTestPassword << "\nHARNESS:bob:bobs-pw\n";
  std::ofstream(dir_ / "krb5.conf") << "[libdefaults]\n  dns_lookup_kdc = false\n";
  setenv("NTLM_USER_FILE", (dir_ / "users").c_str(), 1);
  setenv("NETBIOS_COMPUTER_NAME", "IIS-SIM", 1);
  setenv("NETBIOS_DOMAIN_NAME", "HARNESS", 1);
  setenv("KRB5_CONFIG", (dir_ / "krb5.conf").c_str(), 1);
  setenv("KRB5_KTNAME", (dir_ / "no-such.keytab").c_str(), 1);  // Kerberos off: unit tests
  // No default ccache either: an initiator must never pick up the developer's own tickets.
  setenv("KRB5CCNAME", ("FILE:" + (dir_ / "no-such.ccache").string()).c_str(), 1);
  credentials = iissim::AcceptorCredentials::fromEnvironment();
}

void AuthEnvironment::TearDown() {
  credentials.reset();
  std::filesystem::remove_all(dir_);
}

namespace {
const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new AuthEnvironment);
}  // namespace

}  // namespace authreplay::testing
