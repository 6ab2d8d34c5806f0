#include "run/password_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace authreplay::run {

namespace {

auth::Secret fromEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    throw PasswordError("password variable " + name + " is not set");
  return auth::Secret(value);
}

auth::Secret fromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw PasswordError("cannot read password file " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string password = content.str();
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
