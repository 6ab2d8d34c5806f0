#include "run/password_source.h"

#include <cstdlib>

#include "text/regular_file.h"

namespace authreplay::run {

namespace {

auth::Secret fromEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    throw PasswordError("password variable " + name + " is not set");
  return auth::Secret(value);
}

// A password file is a few bytes; anything larger (or a FIFO, a device) is a mistake.
constexpr std::size_t kMaxPasswordFileBytes = 64 * 1024;

auth::Secret fromFile(const std::string& path) {
  std::string error;
  auto content = text::readRegularFile(path, kMaxPasswordFileBytes, error);
  if (!content)
    throw PasswordError("cannot read password file " + path + ": " + error);
  std::string password = std::move(*content);
  if (!password.empty() && password.back() == '\n')
    password.pop_back();
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  auth::Secret secret(password);
  auth::wipeString(password);
  return secret;
}

}  // namespace

std::optional<auth::Secret> resolvePassword(const PasswordOptions& options,
                                            const scenario::TargetCredentials& target) {
  if (!options.env.empty())
    return fromEnv(options.env);
  if (!options.file.empty())
    return fromFile(options.file);
  if (!target.passwordEnv.empty())
    return fromEnv(target.passwordEnv);
  if (!target.passwordFile.empty())
    return fromFile(target.passwordFile);
  return std::nullopt;
}

std::map<std::string, http::ProxyCredentials> resolveProxyCredentials(
    const scenario::Target& target) {
  std::map<std::string, http::ProxyCredentials> out;
  for (const auto& [name, credentials] : target.proxyCredentials) {
    scenario::TargetCredentials source;
    source.passwordFile = credentials.passwordFile;
    source.passwordEnv = credentials.passwordEnv;
    try {
      http::ProxyCredentials resolved;
      resolved.user = credentials.user;
      resolved.password = resolvePassword({}, source).value_or(auth::Secret());
      out.emplace(name, std::move(resolved));
    } catch (const PasswordError& e) {
      throw PasswordError("the password of proxy \"" + name + "\": " + e.what());
    }
  }
  return out;
}

}  // namespace authreplay::run
