#include "run/recycler.h"

#include <cctype>

#include "http/client.h"
#include "run/shell_command.h"
#include "text/ascii.h"

namespace authreplay::run {

namespace {

std::string percentEncode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Single-quotes VALUE for /bin/sh.
std::string shellQuote(const std::string& value) {
  std::string out = "'";
  for (const char c : value)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string expandRecycleTemplate(const std::string& text, const std::string& site,
                                  const std::string& app, bool urlEncode) {
  std::string out = text;
  text::replaceAll(out, "{site}", urlEncode ? percentEncode(site) : shellQuote(site));
  text::replaceAll(out, "{app}", urlEncode ? percentEncode(app) : shellQuote(app));
  return out;
}

std::optional<std::string> recycleApplication(const scenario::Target& target,
                                              const std::string& origin, const std::string& app) {
  if (!target.recycle) {
    return std::string("the scenario recycles ") + app +
           " but the target has no \"recycle\" settings";
  }
  const auto& settings = *target.recycle;
  const auto siteIt = settings.sites.find(origin);
  const std::string site = siteIt != settings.sites.end() ? siteIt->second : "Default Web Site";
  if (!settings.command.empty()) {
    // Bounded like the log commands: a recycle over ssh that hangs must not hang the run.
    const auto command = expandRecycleTemplate(settings.command, site, app, false);
    ShellCommandLimits limits;
    limits.timeout = target.requestTimeout;
    const auto result = runShellCommand(command, {}, limits);
    if (!result.succeeded())
      return "recycle command " + describeFailure(result, limits) + ": " + command;
    return std::nullopt;
  }
  http::Client client;
  http::TransferRequest request;
  request.method = settings.method;
  request.url = expandRecycleTemplate(settings.url, site, app, true);
  request.connectTimeout = target.connectTimeout;
  request.totalTimeout = target.requestTimeout;
  request.tls.caFile = target.caFile;
  request.tls.insecure = target.insecure;
  const auto result = client.perform(request);
  if (result.error)
    return "recycle request " + request.url + " failed: " + result.error->message;
  const int status = result.exchanges.empty() ? 0 : result.exchanges.back().response.status;
  if (status < 200 || status >= 300) {
    return "recycle request " + request.url + " answered " + std::to_string(status);
  }
  return std::nullopt;
}

}  // namespace authreplay::run
