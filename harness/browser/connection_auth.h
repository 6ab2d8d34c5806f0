// The authentication state of each connection a browser holds, kept apart for the origin server
// (WWW-Authenticate / Authorization) and the forward proxy (Proxy-Authenticate /
// Proxy-Authorization), as curl keeps `http_ntlm_state` and `proxy_ntlm_state` per connection
// (lib/vauth/vauth.h NTLMSTATE_*, lib/urldata.h). NTLM and Negotiate authenticate the connection,
// not the request (IIS-FACTS.md §5; MS-N2HT §3.1.2): a browser sends later requests on an
// authenticated connection without a new handshake, and starts over on a new one.
#pragma once

#include <cstddef>
#include <map>

namespace authreplay::browser {

enum class AuthState {
  kNone,           // nothing sent on this connection yet, or anonymous only
  kHandshaking,    // a token went out; the server's challenge or verdict is due
  kAuthenticated,  // a handshake ended in success here: later requests go without a header
  kRefused,        // the server refused the handshake (401 without a challenge, 401.1)
};

const char* toString(AuthState state);

struct ConnectionAuth {
  AuthState origin = AuthState::kNone;
  AuthState proxy = AuthState::kNone;
};

class ConnectionStates {
 public:
  // The state of connection ID; kNone for one never seen.
  ConnectionAuth get(long id) const;
  void setOrigin(long id, AuthState state);
  void setProxy(long id, AuthState state);
  // Connection ID replaced all others (the driver keeps only the newest open: a fresh connection
  // closes the older ones), so their states are forgotten.
  void onlyKeep(long id);

 private:
  ConnectionAuth& at(long id);
  // Bounded: a benchmark opens a connection per request for hours. Beyond this many the oldest
  // (lowest id: libcurl numbers connections in order) are dropped; they are long closed.
  static constexpr std::size_t kMaxTracked = 64;
  std::map<long, ConnectionAuth> states_;
};

}  // namespace authreplay::browser
