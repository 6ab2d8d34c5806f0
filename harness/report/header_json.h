// A header list as JSON, [{"name": ..., "value": ...}] in wire order, each value as reports show it
// (token_display.h: Basic redacted, tokens shortened unless --show-tokens). The JSON report's leg
// headers and HAR 1.2's `headers` objects have this one shape.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "http/exchange.h"
#include "report/token_display.h"

namespace authreplay::report {

nlohmann::ordered_json headersJson(const std::vector<http::Header>& list, TokenDisplay display);

}  // namespace authreplay::report
