#include "scenario/enum_value.h"

namespace authreplay::scenario {

std::string unknownValueMessage(const std::string& key, const std::string& value,
                                const std::vector<std::string>& allowed) {
  std::string message = "unknown value \"" + value + "\" for \"" + key + "\"";
  const auto suggestion = json::closestMatch(value, allowed);
  if (!suggestion.empty())
    return message + " (did you mean \"" + suggestion + "\"?)";
  message += " (expected one of:";
  for (std::size_t i = 0; i < allowed.size(); ++i)
    message += (i ? ", " : " ") + allowed[i];
  return message + ")";
}

}  // namespace authreplay::scenario
