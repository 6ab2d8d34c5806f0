#include "scenario/scenario.h"

namespace authreplay::scenario {

const char* toString(Credentials credentials) {
  switch (credentials) {
    case Credentials::kTarget:
      return "target";
    case Credentials::kNone:
      return "none";
    case Credentials::kWrongPassword:
      return "wrongPassword";
  }
  return "?";
}

const char* toString(ConnectionExpectation connection) {
  switch (connection) {
    case ConnectionExpectation::kNew:
      return "new";
    case ConnectionExpectation::kSame:
      return "same";
    case ConnectionExpectation::kReused:
      return "reused";
  }
  return "?";
}

const char* toString(RouteExpectation route) {
  return route == RouteExpectation::kProxy ? "proxy" : "direct";
}

}  // namespace authreplay::scenario
