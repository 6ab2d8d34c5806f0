#include "report/header_json.h"

namespace authreplay::report {

nlohmann::ordered_json headersJson(const std::vector<http::Header>& list, TokenDisplay display) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& header : list) {
    out.push_back(
        {{"name", header.name}, {"value", displayHeaderValue(header.name, header.value, display)}});
  }
  return out;
}

}  // namespace authreplay::report
