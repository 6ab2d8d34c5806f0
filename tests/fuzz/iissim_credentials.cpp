#include "iissim_credentials.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace authreplay::fuzz {

std::shared_ptr<iissim::AcceptorCredentials> iissimCredentials() {
  static const std::shared_ptr<iissim::AcceptorCredentials> credentials = [] {
    // One folder per process: parallel fuzzing jobs (-jobs) do not share it; it stays for the
    // process's life (GSSAPI rereads KRB5_CONFIG).
    const auto dir = std::filesystem::temp_directory_path() /
                     ("authreplay-fuzz-iissim-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "users") << kFuzzDomain << ":" << kFuzzUser << ":" << kFuzzPassword << "\n";
    std::ofstream(dir / "krb5.conf") << "[libdefaults]\n  dns_lookup_kdc = false\n";
    setenv("NTLM_USER_FILE", (dir / "users").c_str(), 1);
    setenv("NETBIOS_COMPUTER_NAME", "IIS-SIM", 1);
    setenv("NETBIOS_DOMAIN_NAME", kFuzzDomain, 1);
    setenv("KRB5_CONFIG", (dir / "krb5.conf").c_str(), 1);
    setenv("KRB5_KTNAME", (dir / "no-such.keytab").c_str(), 1);
    setenv("KRB5CCNAME", ("FILE:" + (dir / "no-such.ccache").string()).c_str(), 1);
    return iissim::AcceptorCredentials::fromEnvironment();
  }();
  return credentials;
}

}  // namespace authreplay::fuzz
