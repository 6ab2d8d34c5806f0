// The request a scenario step asks for on a target, before any browser behaviour: the URL (origin
// and path prefix map of the target), method, headers, body, connection policy, the client's
// forward proxy (unless bypassed), TLS settings and timeouts. Both drivers start each step from it:
// the runner (run/) and the benchmark (bench/).
#pragma once

#include <map>
#include <string>

#include "http/transfer.h"
#include "scenario/scenario.h"
#include "scenario/target.h"

namespace authreplay::browser {

// The URL of a request on TARGET ("origin" + prefix-mapped path), or an error message when the
// origin is unknown.
struct BuiltUrl {
  std::string url;
  std::string error;
};
BuiltUrl buildUrl(const scenario::Target& target, const std::string& origin,
                  const std::string& path);

// Appends NAME=VALUE to URL's query.
std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value);

struct StepRequest {
  http::TransferRequest request;
  std::string error;  // non-empty: the step cannot be sent (unknown origin or proxy)
};

// PROXY_CREDENTIALS: by proxy name, resolved by the caller (their passwords come from files or the
// environment, run/password_source.h). MARKER_NAME / MARKER_VALUE: a query parameter added to the
// URL for W3C log correlation; none when MARKER_NAME is empty.
StepRequest requestForStep(const scenario::Request& request, const scenario::Client& client,
                           const scenario::Target& target,
                           const std::map<std::string, http::ProxyCredentials>& proxyCredentials,
                           const std::string& markerName = "", const std::string& markerValue = "");

}  // namespace authreplay::browser
