#include "browser/protection_space.h"

namespace authreplay::browser {

ProtectionSpace ProtectionSpace::of(const UrlParts& url) {
  const auto slash = url.path.rfind('/');
  return {url.origin(), slash == std::string::npos ? "/" : url.path.substr(0, slash + 1)};
}

bool ProtectionSpace::contains(const UrlParts& url) const {
  return url.origin() == origin && url.path.compare(0, folder.size(), folder) == 0;
}

void ChallengedSpaces::remember(const UrlParts& url, auth::Scheme scheme,
                                const std::string& mechanism) {
  const auto space = ProtectionSpace::of(url);
  for (auto& entry : entries_) {
    if (entry.space.origin == space.origin && entry.space.folder == space.folder) {
      entry.scheme = scheme;
      if (!mechanism.empty())
        entry.mechanism = mechanism;
      return;
    }
  }
  entries_.push_back({space, scheme, mechanism});
}

std::optional<ChallengedSpaces::Entry> ChallengedSpaces::find(const UrlParts& url) const {
  const Entry* best = nullptr;
  for (const auto& entry : entries_) {
    if (entry.space.contains(url) &&
        (!best || entry.space.folder.size() > best->space.folder.size()))
      best = &entry;
  }
  if (!best)
    return std::nullopt;
  return *best;
}

}  // namespace authreplay::browser
