// What a scenario expects of one leg and of a step's outcome. Pure data: the checks themselves live
// in expect/, which turns each of these into a CheckResult.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scenario/source_ref.h"
#include "text/linear_regex.h"

namespace authreplay::scenario {

// A value the scenario expects, with the position of that value in the file.
template <typename T>
struct Expected {
  T value{};
  SourceRef where;
};

// Which connection a leg travelled on, relative to the legs before it (in this scenario).
enum class ConnectionExpectation {
  kNew,     // a TCP connection opened for this leg
  kSame,    // the connection of the previous leg
  kReused,  // any connection opened earlier in the scenario
};

struct HeaderExpectation {
  std::string name;
  std::optional<bool> present;               // {"present": false} asserts absence
  std::optional<std::string> equals;         // exact value (one of the values when repeated)
  std::optional<text::LinearRegex> matches;  // RE2 pattern, searched in each value
  SourceRef where;
};

struct BodyExpectation {
  std::optional<std::string> contains;
  std::optional<text::LinearRegex> matches;  // RE2 pattern, searched in the body
  SourceRef where;
};

// The checks that apply to one response: a leg's, or the step's final leg.
struct ResponseExpectations {
  std::optional<Expected<int>> status;
  std::optional<Expected<int>> substatus;
  std::optional<Expected<std::uint32_t>> win32Status;
  // WWW-Authenticate schemes, in order, exactly ("offers": [] asserts there is no usable offer).
  std::optional<Expected<std::vector<std::string>>> offers;
  std::vector<HeaderExpectation> headers;
  std::optional<BodyExpectation> body;
  // s-reason of the HTTPERR line of a response HTTP.sys sent itself ("FieldLength").
  std::optional<Expected<std::string>> httpErrReason;
  // The protocol the leg went over: "HTTP/1.1", "HTTP/2" (its response's, else its request's).
  std::optional<Expected<std::string>> httpVersion;
  // The HTTP/2 error code the server reset the leg's stream with instead of answering
  // ("HTTP_1_1_REQUIRED", RFC 9113 §7), or "none".
  std::optional<Expected<std::string>> streamReset;
};

// Whether a leg went through the scenario's forward proxy or straight to the origin.
enum class RouteExpectation { kProxy, kDirect };

// One leg: what the client sent and what came back.
struct LegExpectation {
  // Authorization sent: "none", "NTLM", "NTLM/1", "Negotiate(NTLM)/3", "Negotiate(Kerberos)",
  // "Basic".
  std::optional<Expected<std::string>> sent;
  std::optional<Expected<std::int64_t>> contentLength;  // request body bytes announced and sent
  std::optional<Expected<ConnectionExpectation>> connection;
  std::optional<Expected<RouteExpectation>> via;
  std::optional<Expected<std::string>> proxySent;  // Proxy-Authorization: "none", "Basic", ...
  ResponseExpectations response;
  SourceRef where;
};

struct StepExpectations {
  // Listing legs also asserts their number.
  std::optional<Expected<std::vector<LegExpectation>>> legs;
  std::optional<Expected<int>> legCount;
  ResponseExpectations final;                     // applies to the last leg
  std::optional<Expected<std::string>> user;      // the authenticated user ("HARNESS\\alice")
  std::optional<Expected<std::string>> scheme;    // scheme of the last leg's Authorization
  std::optional<Expected<RouteExpectation>> via;  // how the last leg went
};

const char* toString(ConnectionExpectation connection);
const char* toString(RouteExpectation route);

}  // namespace authreplay::scenario
