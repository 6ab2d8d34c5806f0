#include "browser/step_request.h"

#include "browser/proxy_bypass.h"
#include "browser/url_parts.h"

namespace authreplay::browser {

BuiltUrl buildUrl(const scenario::Target& target, const std::string& origin,
                  const std::string& path) {
  const auto it = target.origins.find(origin);
  if (it == target.origins.end()) {
    std::string known;
    for (const auto& [name, url] : target.origins)
      known += (known.empty() ? "" : ", ") + name;
    return {"", "the target has no origin \"" + origin + "\" (it has: " + known + ")"};
  }
  std::string base = it->second;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  // The longest matching prefix wins ("/ActiveXTest/Anonymous/" over "/ActiveXTest/").
  std::string mapped = path;
  std::size_t best = 0;
  for (const auto& [from, to] : target.pathPrefixes) {
    if (from.size() > best && path.compare(0, from.size(), from) == 0) {
      best = from.size();
      mapped = to + path.substr(from.size());
    }
  }
  return {base + mapped, ""};
}

std::string withQueryParameter(const std::string& url, const std::string& name,
                               const std::string& value) {
  const auto fragment = url.find('#');
  std::string head = url.substr(0, fragment);
  const std::string tail = fragment == std::string::npos ? "" : url.substr(fragment);
  head += (head.find('?') == std::string::npos ? "?" : "&") + name + "=" + value;
  return head + tail;
}

namespace {

// The forward proxy of the scenario's client, unless the host is on the target's noProxy list or
// the client's IE-style exclusions (seed 002's fix), and the credentials a 407 gets.
std::string route(const scenario::Client& client, const scenario::Target& target,
                  const std::map<std::string, http::ProxyCredentials>& proxyCredentials,
                  http::TransferRequest& transfer) {
  const auto& name = client.proxy;
  if (!name)
    return "";
  const auto proxy = target.proxies.find(*name);
  if (proxy == target.proxies.end())
    return "the target has no proxy \"" + *name + "\"";
  std::string error;
  auto entries = expandOriginEntries(client.proxyBypass, target.origins, error);
  if (!error.empty())
    return error;
  entries.insert(entries.end(), target.noProxy.begin(), target.noProxy.end());
  const auto parts = parseUrl(transfer.url);
  if (parts && ProxyBypass(entries).bypasses(parts->host))
    return "";  // direct
  transfer.proxy = proxy->second;
  if (const auto it = proxyCredentials.find(*name); it != proxyCredentials.end())
    transfer.proxyCredentials = it->second;
  return "";
}

}  // namespace

StepRequest requestForStep(const scenario::Request& request, const scenario::Client& client,
                           const scenario::Target& target,
                           const std::map<std::string, http::ProxyCredentials>& proxyCredentials,
                           const std::string& markerName, const std::string& markerValue) {
  StepRequest out;
  auto built = buildUrl(target, request.origin, request.path);
  if (!built.error.empty()) {
    out.error = std::move(built.error);
    return out;
  }
  if (!markerName.empty())
    built.url = withQueryParameter(built.url, markerName, markerValue);
  auto& transfer = out.request;
  transfer.method = request.method;
  transfer.url = built.url;
  for (const auto& [name, value] : request.headers)
    transfer.headers.push_back({name, value});
  transfer.body = request.body;
  switch (request.connection) {
    case scenario::ConnectionPolicy::kReuse:
      transfer.reuse = http::ConnectionReuse::kReuse;
      break;
    case scenario::ConnectionPolicy::kFresh:
      transfer.reuse = http::ConnectionReuse::kFresh;
      break;
    case scenario::ConnectionPolicy::kClose:
      transfer.reuse = http::ConnectionReuse::kForbidReuse;
      break;
  }
  if (auto error = route(client, target, proxyCredentials, transfer); !error.empty()) {
    out.error = std::move(error);
    return out;
  }
  transfer.resolve = target.resolve;
  transfer.tls.caFile = target.caFile;
  transfer.tls.insecure = target.insecure;
  transfer.connectTimeout = target.connectTimeout;
  transfer.totalTimeout = target.requestTimeout;
  return out;
}

}  // namespace authreplay::browser
