// The decoded messages of a leg's authentication headers, keyed by the header they came in
// ("authorization", "proxyAuthorization", "wwwAuthenticate", "proxyAuthenticate"): the first value
// of each header that DESCRIBE decodes (ntlm_details.h, kerberos_details.h). An empty object when
// none does.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "http/exchange.h"

namespace authreplay::report {

template <typename Describe>
nlohmann::ordered_json detailsPerHeader(const http::Exchange& exchange, Describe describe) {
  using Json = nlohmann::ordered_json;
  Json out = Json::object();
  const auto first = [&describe](const std::vector<http::Header>& headers, std::string_view name) {
    for (const auto& value : http::headerValues(headers, name)) {
      auto details = describe(value);
      if (!details.is_null())
        return details;
    }
    return Json(nullptr);
  };
  const std::pair<const char*, Json> found[] = {
      {"authorization", first(exchange.request.headers, "Authorization")},
      {"proxyAuthorization", first(exchange.request.headers, "Proxy-Authorization")},
      {"wwwAuthenticate", first(exchange.response.headers, "WWW-Authenticate")},
      {"proxyAuthenticate", first(exchange.response.headers, "Proxy-Authenticate")},
  };
  for (const auto& [key, details] : found) {
    if (!details.is_null())
      out[key] = details;
  }
  return out;
}

}  // namespace authreplay::report
