// Reading a string member that must be one of a fixed set of names, with a did-you-mean on typos
// (the same help ObjectReader gives for unknown keys).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "json/source_document.h"

namespace authreplay::scenario {

// "unknown value "ntml" for "browser" (did you mean "ntlm"?)", or with the list of allowed values
// when nothing is close.
std::string unknownValueMessage(const std::string& key, const std::string& value,
                                const std::vector<std::string>& allowed);

template <typename E>
struct EnumValue {
  static E lookup(const json::SourceDocument& doc, const std::string& pointer,
                  const std::string& key, const std::string& value,
                  const std::vector<std::pair<std::string, E>>& mapping) {
    std::vector<std::string> names;
    for (const auto& [name, e] : mapping) {
      if (name == value)
        return e;
      names.push_back(name);
    }
    throw doc.errorAt(pointer, unknownValueMessage(key, value, names));
  }
};

}  // namespace authreplay::scenario
