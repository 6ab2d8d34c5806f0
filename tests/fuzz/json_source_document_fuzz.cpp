// Fuzz target: the project's JSON parser (harness/json/source_document.cpp), differential against
// nlohmann::json::parse. Checks, for every input:
//   - SourceDocument::parse returns or throws json::SourceError, nothing else (no crash, no other
//     exception, no UB, no unbounded recursion: it is a recursive-descent parser);
//   - it accepts exactly what nlohmann accepts, and when both accept, both build the same value;
//   - every error names a position inside the text (line >= 1, column >= 1).
// The parser refuses, by design (source_document.h), three things RFC 8259 and nlohmann allow; each
// is recognised here independently (by a SAX pass over nlohmann's own parse) and only then
// excused, and only when the project's message names that very reason:
//   - duplicate object keys ("duplicate key"): a config or scenario never means them;
//   - object keys over SourceDocument::kMaxKeyBytes ("object key of N bytes"): bounds the
//     JSON-Pointer position index;
//   - nesting over SourceDocument::kMaxDepth ("nesting deeper than"): bounds the recursion.
// One difference is nlohmann's: its lexer takes a NUL byte as the end of the input (for C
// strings), so it accepts "5\0garbage". RFC 8259 allows a raw NUL nowhere (not whitespace, a
// control character inside strings), so an input holding one must be rejected by the project and
// is not compared with nlohmann.
// Guards: the std::stoi/std::regex style crashes of issue 12 in positions and numbers, and keeps
// the parser and nlohmann from drifting apart on validity (UTF-8, surrogates, numbers).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "json/source_document.h"

namespace {

using authreplay::json::SourceDocument;
using authreplay::json::SourceError;

// What of the input the project refuses on purpose, seen from nlohmann's side.
struct DeliberateRefusals {
  bool duplicateKey = false;
  bool longKey = false;
  bool tooDeep = false;
};

class RefusalScan : public nlohmann::json_sax<nlohmann::json> {
 public:
  DeliberateRefusals found;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    value();
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& key) override {
    if (key.size() > SourceDocument::kMaxKeyBytes)
      found.longKey = true;
    if (!keys_.back().insert(key).second)
      found.duplicateKey = true;
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override {
    value();
    keys_.emplace_back();  // keeps keys_.size() the number of open containers
    return true;
  }
  bool end_array() override {
    keys_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  // A value's depth is the number of containers around it (source_document.cpp's parseValue).
  bool value() {
    if (keys_.size() > static_cast<std::size_t>(SourceDocument::kMaxDepth))
      found.tooDeep = true;
    return true;
  }
  std::vector<std::set<std::string>> keys_;
};

bool mentions(const SourceError& error, const char* phrase) {
  return error.message().find(phrase) != std::string::npos;
}

bool excused(const SourceError& error, const DeliberateRefusals& refusals) {
  return (refusals.duplicateKey && mentions(error, "duplicate key")) ||
         (refusals.longKey && mentions(error, "object key of")) ||
         (refusals.tooDeep && mentions(error, "nesting deeper than"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using authreplay::fuzz::invariantFailed;
  const std::string_view text = authreplay::fuzz::asText(data, size);
  if (text.find('\0') != std::string_view::npos) {
    try {
      (void)SourceDocument::parse(text, "fuzz.json");
    } catch (const SourceError&) {
      return 0;
    }
    invariantFailed("SourceDocument accepted a NUL byte");
  }
  const nlohmann::json oracle = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool oracleAccepts = !oracle.is_discarded();
  try {
    const SourceDocument doc = SourceDocument::parse(text, "fuzz.json");
    if (!oracleAccepts)
      invariantFailed("SourceDocument accepted what nlohmann::json::parse rejects");
    if (doc.root() != oracle)
      invariantFailed("SourceDocument and nlohmann::json::parse built different values");
  } catch (const SourceError& error) {
    if (error.position().line == 0 || error.position().column == 0)
      invariantFailed("SourceError without a position");
    if (oracleAccepts) {
      RefusalScan scan;
      nlohmann::json::sax_parse(text, &scan);
      if (!excused(error, scan.found))
        invariantFailed("SourceDocument rejected what nlohmann::json::parse accepts");
    }
  }
  return 0;
}
