// Protection spaces, as IE keeps them: "the origin + current folder path and any paths beneath it"
// (IEInternals "Challenge-Response Authentication and Zero-Length Posts"). A space that has
// challenged is where IE pre-authenticates (NTLM pre-auth, seed 001) and withholds POST bodies
// (seed 000).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/scheme.h"
#include "browser/url_parts.h"

namespace authreplay::browser {

struct ProtectionSpace {
  std::string origin;  // "http://localhost:8080"
  std::string folder;  // "/ActiveXTest/": the request path up to and including its last '/'

  // The space of URL: its origin and its folder.
  static ProtectionSpace of(const UrlParts& url);
  // True when URL lies in this space: same origin, path at or beneath the folder.
  bool contains(const UrlParts& url) const;
};

// The spaces that challenged, and with which scheme the browser answered there.
class ChallengedSpaces {
 public:
  struct Entry {
    ProtectionSpace space;
    auth::Scheme scheme = auth::Scheme::kNtlm;
    std::string mechanism;  // what carried it last: "NTLM", "Kerberos"; "" before any handshake
  };

  // Records (or updates) the space of URL.
  void remember(const UrlParts& url, auth::Scheme scheme, const std::string& mechanism);
  // The innermost remembered space that contains URL.
  std::optional<Entry> find(const UrlParts& url) const;

 private:
  std::vector<Entry> entries_;
};

}  // namespace authreplay::browser
