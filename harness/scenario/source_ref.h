// Where something stood in a scenario or target file, kept on every expectation so that a failure
// can point back at it the way a compiler does (STYLE.md: Hurl's "--> file:line:col").
#pragma once

#include <cstddef>
#include <string>

namespace authreplay::scenario {

struct SourceRef {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string lineText;  // the source line itself, for the error display

  bool known() const { return line != 0; }
  std::string location() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace authreplay::scenario
