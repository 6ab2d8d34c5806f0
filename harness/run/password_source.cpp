#include "run/password_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace authreplay::run {

namespace {

std::string fromEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    throw PasswordError("password variable " + name + " is not set");
  return value;
}

std::string fromFile(const std::string& path) {
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
  return password;
}

}  // namespace

std::optional<std::string> resolvePassword(const PasswordOptions& options,
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

}  // namespace authreplay::run
