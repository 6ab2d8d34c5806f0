// IE's proxy exclusion list ("Do not use proxy server for addresses beginning with"), the fix of
// seed 002: entries are host names, wildcards ("*.corp.example", "10.0.*"), and "<local>", which
// matches every host name without a dot ("intranet", "localhost"). Matching is case-insensitive
// and on the host only.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace authreplay::browser {

class ProxyBypass {
 public:
  ProxyBypass() = default;
  explicit ProxyBypass(std::vector<std::string> entries);

  // True when a request to HOST goes direct.
  bool bypasses(std::string_view host) const;
  const std::vector<std::string>& entries() const { return entries_; }

 private:
  std::vector<std::string> entries_;  // lower case
};

// Replaces "{name}" entries by the host of origin NAME (scenarios stay portable: "{default}" is
// the target's default site whatever its name). ERROR names an unknown origin.
std::vector<std::string> expandOriginEntries(const std::vector<std::string>& entries,
                                             const std::map<std::string, std::string>& origins,
                                             std::string& error);

}  // namespace authreplay::browser
