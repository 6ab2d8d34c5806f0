// A password held in memory only: no stream operator, no implicit conversion to string, and its
// bytes are overwritten (explicit_bzero, which the optimiser may not drop) when it is destroyed,
// reassigned or moved from. Passwords never go to logs, argv or reports (README "Secrets").
#pragma once

#include <string>
#include <string_view>

namespace authreplay::auth {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view value) : value_(value) {}
  ~Secret() { wipe(); }
  Secret(const Secret& other) : value_(other.value_) {}
  Secret& operator=(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;

  bool empty() const { return value_.empty(); }
  // For handing to GSSAPI or the Basic encoder only; do not copy it into longer-lived strings.
  std::string_view reveal() const { return value_; }

 private:
  void wipe() noexcept;
  std::string value_;
};

// Overwrites a string's whole buffer (size and spare capacity, heap or small-string storage).
void wipeString(std::string& text) noexcept;

}  // namespace authreplay::auth
