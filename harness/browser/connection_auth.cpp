#include "browser/connection_auth.h"

namespace authreplay::browser {

const char* toString(AuthState state) {
  switch (state) {
    case AuthState::kNone:
      return "none";
    case AuthState::kHandshaking:
      return "handshaking";
    case AuthState::kAuthenticated:
      return "authenticated";
    case AuthState::kRefused:
      return "refused";
  }
  return "?";
}

ConnectionAuth ConnectionStates::get(long id) const {
  const auto it = states_.find(id);
  return it == states_.end() ? ConnectionAuth{} : it->second;
}

ConnectionAuth& ConnectionStates::at(long id) {
  if (states_.find(id) == states_.end() && states_.size() >= kMaxTracked)
    states_.erase(states_.begin());
  return states_[id];
}

void ConnectionStates::setOrigin(long id, AuthState state) {
  at(id).origin = state;
}

void ConnectionStates::setProxy(long id, AuthState state) {
  at(id).proxy = state;
}

void ConnectionStates::onlyKeep(long id) {
  const auto kept = get(id);
  states_.clear();
  states_[id] = kept;
}

}  // namespace authreplay::browser
