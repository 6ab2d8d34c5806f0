// JSON with source positions. nlohmann/json 3.11 (Debian 12) does not record where a value stood
// in its file, but every loader here must report "file:line:col: message" (STYLE.md, after
// nlohmann's own parse errors), so this small recursive-descent parser builds the nlohmann::json
// value and, beside it, the position of every value and every object key, by JSON Pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/source_text.h"

namespace authreplay::json {

// 1-based line and column (columns count bytes, as compilers and nlohmann do).
struct SourcePosition {
  std::size_t line = 0;
  std::size_t column = 0;
};

// Every load error: what() is exactly "file:line:col: message".
class SourceError : public std::runtime_error {
 public:
  SourceError(std::string file, SourcePosition position, std::string message);
  const std::string& file() const { return file_; }
  SourcePosition position() const { return position_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  SourcePosition position_;
  std::string message_;
};

// Every error found in one file, for a loader that goes on after the first (scenario files):
// this error's own file, position and message are the first's, so a caller that only knows
// SourceError still reports that one; all() has them all, in file order.
class SourceErrors : public SourceError {
 public:
  explicit SourceErrors(std::vector<SourceError> all);  // not empty
  const std::vector<SourceError>& all() const { return all_; }

 private:
  std::vector<SourceError> all_;
};

class SourceDocument {
 public:
  // Object keys longer than this are an error: every value's JSON Pointer spells the keys above
  // it, so long keys nested deep would make the position index quadratic (no scenario, target or
  // config key comes near it; header names are keys, and HTTP.sys's MaxFieldLength is 16 KB).
  static constexpr std::size_t kMaxKeyBytes = 1024;
  // Nesting deeper than this is an error (bounds the parser's recursion on hostile input).
  static constexpr int kMaxDepth = 200;

  // Parses text; syntax errors throw SourceError ("expected ',' or '}' after an object member").
  // Duplicate keys are an error too (JSON allows them; a config or scenario never means them).
  static SourceDocument parse(std::string_view text, std::string fileName);
  // Reads and parses a file; a file that cannot be read, is not a regular file (a FIFO, a device)
  // or is larger than text::kMaxInputFileBytes throws SourceError at 1:1 ("cannot read file
  // (...)", "not a regular file (a FIFO)", "file is N bytes, more than the limit of M").
  static SourceDocument load(const std::filesystem::path& path);

  const std::string& file() const { return file_; }
  const nlohmann::json& root() const { return root_; }
  // The parsed text and its line index, shared with every SourceRef made from this document.
  const std::shared_ptr<const SourceText>& source() const { return source_; }

  // Where the value at POINTER (RFC 6901, "" = root, "/steps/0/request") starts; for a pointer that
  // has no value (a missing member), the position of the nearest ancestor that has one.
  SourcePosition valuePosition(const std::string& pointer) const;
  // Where the key of the member at POINTER starts ("/steps/0/stauts" -> the '"' of "stauts").
  SourcePosition keyPosition(const std::string& pointer) const;

  // SourceError at the value (or key) of POINTER.
  [[nodiscard]] SourceError errorAt(const std::string& pointer, std::string message) const;
  [[nodiscard]] SourceError errorAtKey(const std::string& pointer, std::string message) const;

 private:
  std::string file_;
  nlohmann::json root_;
  std::shared_ptr<const SourceText> source_;
  std::unordered_map<std::string, SourcePosition> values_;
  std::unordered_map<std::string, SourcePosition> keys_;
  friend class Parser;
};

// Appends an RFC 6901 reference token to a pointer ("~" -> "~0", "/" -> "~1").
std::string childPointer(const std::string& pointer, std::string_view key);
std::string childPointer(const std::string& pointer, std::size_t index);

// Strict reading of one JSON object: every key must be one of the known ones (an unknown key is an
// error with a did-you-mean), required members must be there, and each member must have its type.
// All errors are SourceError with the position of the offending key or value.
class ObjectReader {
 public:
  // Throws unless the value at POINTER is an object ("expected an object for \"client\"").
  ObjectReader(const SourceDocument& doc, std::string pointer, std::string what);

  // Call after the last get/optional: any key not asked for is "unknown key "stauts" in <what>
  // (did you mean "status"?)"; the list of known keys is given when nothing is close.
  void rejectUnknownKeys() const;

  bool has(std::string_view key) const;
  std::string pointerOf(std::string_view key) const { return childPointer(pointer_, key); }
  const nlohmann::json& value(std::string_view key) const;  // member must exist

  // Required members: "missing required key "status" in <what>" at the object's position.
  std::string requiredString(std::string_view key);
  std::int64_t requiredInteger(std::string_view key);
  bool requiredBool(std::string_view key);
  // Optional members: return `fallback` when absent; a present member of the wrong type is an error
  // ("expected a string for "title", got number").
  std::string optionalString(std::string_view key, std::string fallback = {});
  std::int64_t optionalInteger(std::string_view key, std::int64_t fallback);
  bool optionalBool(std::string_view key, bool fallback);
  // An optional integer that must lie in MIN..MAX: "\"legCount\" must be in 1..1000" otherwise,
  // with " (NOTE)" when given. Loaders narrow integers (to int, to a duration) only through this,
  // so nothing wraps ("legCount": 4294967297 was read as 1) or overflows std::chrono.
  std::int64_t optionalIntegerIn(std::string_view key, std::int64_t fallback, std::int64_t min,
                                 std::int64_t max, std::string_view note = {});
  // Marks KEY as known without reading it (for members a caller reads itself).
  void allow(std::string_view key);

  const SourceDocument& document() const { return doc_; }
  const std::string& pointer() const { return pointer_; }

 private:
  const nlohmann::json& typed(std::string_view key, nlohmann::json::value_t type,
                              const char* expected);
  const SourceDocument& doc_;
  std::string pointer_;
  std::string what_;
  const nlohmann::json* object_ = nullptr;
  std::vector<std::string> known_;
};

// "string", "number", "object", ... as used in error messages.
const char* typeName(const nlohmann::json& value);
// The closest of CANDIDATES to WORD by edit distance when it is close enough to be a likely typo
// (distance <= max(1, word.size()/3)); empty otherwise, and always for a WORD longer than
// kMaxSuggestedWordBytes (no key is that long, and the distance costs |word| x |candidate|).
inline constexpr std::size_t kMaxSuggestedWordBytes = 64;
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace authreplay::json
