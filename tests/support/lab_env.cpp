#include "lab_env.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace authreplay::testing {

namespace {

// Undoes labctl's quoting: 'value' with embedded ' written as '\''.
std::string unquote(const std::string& raw) {
  if (raw.size() < 2 || raw.front() != '\'')
    return raw;
  std::string out;
  for (std::size_t i = 1; i < raw.size(); ++i) {
    if (raw.compare(i, 4, "'\\''") == 0) {
      out += '\'';
      i += 3;
    } else if (raw[i] == '\'') {
      break;
    } else {
      out += raw[i];
    }
  }
  return out;
}

}  // namespace

const char* LabEnv::skipReason() {
  return "AUTHREPLAY_LAB_DIR is not set: run this test through ctest (which starts the lab "
         "fixture) or export AUTHREPLAY_LAB_DIR after `fixtures/lab/labctl up DIR`";
}

std::optional<LabEnv> LabEnv::load() {
  const char* dir = std::getenv("AUTHREPLAY_LAB_DIR");
  if (dir == nullptr || *dir == '\0')
    return std::nullopt;
  LabEnv env;
  env.dir_ = dir;
  const std::string path = env.dir_ + "/lab.env";
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("cannot read " + path + ": did `labctl up` succeed?");
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#')
      continue;
    const std::string prefix = "export ";
    if (line.rfind(prefix, 0) != 0) {
      throw std::runtime_error(path + ":" + std::to_string(lineno) +
                               ": expected `export KEY=VALUE`");
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw std::runtime_error(path + ":" + std::to_string(lineno) + ": missing `=`");
    }
    env.values_[line.substr(prefix.size(), eq - prefix.size())] = unquote(line.substr(eq + 1));
  }
  return env;
}

const std::string& LabEnv::get(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end())
    throw std::out_of_range(key + " is not in " + dir_ + "/lab.env");
  return it->second;
}

void LabEnv::exportAll() const {
  for (const auto& [key, value] : values_)
    ::setenv(key.c_str(), value.c_str(), 1);
}

}  // namespace authreplay::testing
