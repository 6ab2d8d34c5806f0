#include "auth/hashed_user_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <random>

#include "auth/nt_hash.h"

namespace {

class HashedUserFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* current = getenv("NTLM_USER_FILE");
    saved_ = current ? current : "";
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("authreplay-hashed-user-file-" + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    // Other suites' acceptors read NTLM_USER_FILE on every logon: put theirs back.
    setenv("NTLM_USER_FILE", saved_.c_str(), 1);
    std::filesystem::remove_all(dir_);
  }

  std::string saved_;
  std::filesystem::path dir_;
};

// The smbpasswd form gss-ntlmssp reads without hashing (src/gss_creds.c get_user_file_creds).
TEST_F(HashedUserFileTest, WritesNtHashesInSmbpasswdFormPrivately) {
  std::ofstream(dir_ / "users") << "HARNESS:alice:Password\n:nodomain:x:y\n";
  const auto users = iissim::UserFile::load(dir_ / "users");
  iissim::installHashedUserFile(dir_ / "users", users);

  const std::filesystem::path hashed = getenv("NTLM_USER_FILE");
  ASSERT_NE(hashed, dir_ / "users");
  std::ifstream in(hashed);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // NTOWFv1("Password") = a4f49c40... (MS-NLMP 4.2.2.1.2); no password appears in the file, and
  // an account without a domain matches any domain, as in the original file.
  const std::string rest = ":[U          ]:LCT-00000000:\n";
  const std::string noLm = ":0:" + std::string(32, '0') + ":";
  std::string secondHash;
  for (const auto b : iissim::ntOwfV1("x:y")) {
    secondHash += "0123456789ABCDEF"[b >> 4];
    secondHash += "0123456789ABCDEF"[b & 0xF];
  }
  EXPECT_EQ(text, "HARNESS\\alice" + noLm + "A4F49C406510BDCAB6824EE7C30FD852" + rest + "nodomain" +
                      noLm + secondHash + rest);
  struct stat status {};
  ASSERT_EQ(stat(hashed.c_str(), &status), 0);
  EXPECT_EQ(status.st_mode & 0777, 0600u);
  EXPECT_EQ(iissim::originalUserFile(hashed), dir_ / "users");
  EXPECT_EQ(iissim::originalUserFile(dir_ / "users"), dir_ / "users");
}

}  // namespace
