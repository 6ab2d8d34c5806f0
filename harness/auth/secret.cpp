#include "auth/secret.h"

#include <string.h>  // explicit_bzero (glibc >= 2.25)

namespace authreplay::auth {

void wipeString(std::string& text) noexcept {
  if (text.capacity() != 0) {
    explicit_bzero(text.data(), text.capacity());
  }
  text.clear();
}

void Secret::wipe() noexcept {
  wipeString(value_);
}

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
  }
  return *this;
}

// A moved-from std::string in small-string storage keeps its bytes; copy, then wipe the source.
Secret::Secret(Secret&& other) noexcept : value_(other.value_) {
  other.wipe();
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = other.value_;
    other.wipe();
  }
  return *this;
}

}  // namespace authreplay::auth
