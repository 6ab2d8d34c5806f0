#include "browser/client_credentials.h"

namespace authreplay::browser {

namespace {

bool needsPassword(const scenario::Client& client) {
  if (client.browser == "anonymous" || client.credentials == scenario::Credentials::kNone)
    return false;
  if (client.browser == "basic" || client.schemes.empty())
    return true;
  for (const auto scheme : client.schemes) {
    if (scheme != auth::Scheme::kNegotiate)
      return true;
  }
  return false;
}

}  // namespace

ClientCredentials clientCredentials(const scenario::Client& client,
                                    const scenario::TargetCredentials& target,
                                    const std::optional<auth::Secret>& password,
                                    std::string& error) {
  ClientCredentials out;
  out.kerberos = !target.kerberos.ccache.empty() || !target.kerberos.clientKeytab.empty();
  out.kerberosCcache = target.kerberos.ccache;
  out.kerberosClientKeytab = target.kerberos.clientKeytab;
  out.kerberosPrincipal = target.kerberos.principal;
  if (client.credentials == scenario::Credentials::kNone)
    return out;
  if (!password || target.user.empty()) {
    if (needsPassword(client)) {
      error = target.user.empty()
                  ? "the scenario needs credentials but the target names no user "
                    "(credentials.user in the target file, or --user)"
                  : "the scenario needs a password: give --password-env VAR, --password-file "
                    "FILE, or the target's credentials.passwordFile";
    }
    return out;
  }
  out.present = true;
  out.user = target.user;
  out.password = *password;
  // A password that is certainly not the user's: the real one with something appended.
  if (client.credentials == scenario::Credentials::kWrongPassword) {
    std::string wrong(out.password.reveal());
    wrong += "-wrong";
    out.password = auth::Secret(wrong);
    auth::wipeString(wrong);
  }
  return out;
}

}  // namespace authreplay::browser
