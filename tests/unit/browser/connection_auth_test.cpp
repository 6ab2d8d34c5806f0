// Per-connection auth state (browser/connection_auth.h): origin and proxy apart, forgotten when a
// fresh connection replaced the others, bounded however many connections a benchmark opens.
#include "browser/connection_auth.h"

#include <gtest/gtest.h>

namespace authreplay::browser {
namespace {

TEST(ConnectionStates, OriginAndProxyStatesAreKeptApart) {
  ConnectionStates states;
  EXPECT_EQ(states.get(3).origin, AuthState::kNone);
  states.setProxy(3, AuthState::kAuthenticated);
  EXPECT_EQ(states.get(3).origin, AuthState::kNone);
  EXPECT_EQ(states.get(3).proxy, AuthState::kAuthenticated);
  states.setOrigin(3, AuthState::kHandshaking);
  EXPECT_EQ(states.get(3).origin, AuthState::kHandshaking);
  EXPECT_EQ(states.get(3).proxy, AuthState::kAuthenticated);
  EXPECT_EQ(states.get(4).origin, AuthState::kNone) << "another connection starts over";
}

TEST(ConnectionStates, AFreshConnectionForgetsTheClosedOnes) {
  ConnectionStates states;
  states.setOrigin(1, AuthState::kAuthenticated);
  states.setOrigin(2, AuthState::kRefused);
  states.onlyKeep(2);
  EXPECT_EQ(states.get(1).origin, AuthState::kNone);
  EXPECT_EQ(states.get(2).origin, AuthState::kRefused);
}

TEST(ConnectionStates, AtMostSixtyFourAreTrackedTheOldestGoFirst) {
  ConnectionStates states;
  for (long id = 0; id < 1000; ++id)
    states.setOrigin(id, AuthState::kAuthenticated);
  EXPECT_EQ(states.get(0).origin, AuthState::kNone);
  EXPECT_EQ(states.get(935).origin, AuthState::kNone);
  EXPECT_EQ(states.get(936).origin, AuthState::kAuthenticated);
  EXPECT_EQ(states.get(999).origin, AuthState::kAuthenticated);
}

TEST(ConnectionStates, StatesHaveNames) {
  EXPECT_STREQ(toString(AuthState::kNone), "none");
  EXPECT_STREQ(toString(AuthState::kHandshaking), "handshaking");
  EXPECT_STREQ(toString(AuthState::kAuthenticated), "authenticated");
  EXPECT_STREQ(toString(AuthState::kRefused), "refused");
}

}  // namespace
}  // namespace authreplay::browser
