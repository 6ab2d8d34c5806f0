#include <algorithm>
#include <limits>

#include "json/source_document.h"
#include "text/ascii.h"

namespace authreplay::json {

const char* typeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    default:
      return "value";
  }
}

namespace {

// Optimal string alignment distance, case-insensitive: a swapped pair ("stauts") costs 1, so the
// usual typos of a key are one edit away.
std::size_t editDistance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return text::toLower(c); };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// A key as an error message quotes it: a long one is cut (the position points at it anyway).
std::string quotedKey(const std::string& key) {
  if (key.size() <= kMaxSuggestedWordBytes)
    return "\"" + key + "\"";
  return "\"" + key.substr(0, kMaxSuggestedWordBytes) + "...\" (" + std::to_string(key.size()) +
         " bytes)";
}

}  // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() > kMaxSuggestedWordBytes)
    return {};
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::string best;
  std::size_t bestDistance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= limit ? best : std::string();
}

ObjectReader::ObjectReader(const SourceDocument& doc, std::string pointer, std::string what)
    : doc_(doc), pointer_(std::move(pointer)), what_(std::move(what)) {
  object_ = &doc_.root();
  if (!pointer_.empty())
    object_ = &doc_.root().at(nlohmann::json::json_pointer(pointer_));
  if (!object_->is_object()) {
    throw doc_.errorAt(pointer_, "expected an object for " + what_ + ", got " + typeName(*object_));
  }
}

void ObjectReader::allow(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end())
    known_.emplace_back(key);
}

bool ObjectReader::has(std::string_view key) const {
  return object_->contains(key);
}

const nlohmann::json& ObjectReader::value(std::string_view key) const {
  const auto it = object_->find(key);
  if (it == object_->end()) {
    throw doc_.errorAt(pointer_, "missing required key \"" + std::string(key) + "\" in " + what_);
  }
  return *it;
}

void ObjectReader::rejectUnknownKeys() const {
  for (const auto& [key, unused] : object_->items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end())
      continue;
    std::string message = "unknown key " + quotedKey(key) + " in " + what_;
    if (const std::string suggestion = closestMatch(key, known_); !suggestion.empty()) {
      message += " (did you mean \"" + suggestion + "\"?)";
    } else if (!known_.empty()) {
      std::vector<std::string> sorted = known_;
      std::sort(sorted.begin(), sorted.end());
      message += "; expected one of: ";
      for (std::size_t i = 0; i < sorted.size(); ++i)
        message += (i ? ", " : "") + sorted[i];
    }
    throw doc_.errorAtKey(childPointer(pointer_, key), message);
  }
}

const nlohmann::json& ObjectReader::typed(std::string_view key, nlohmann::json::value_t type,
                                          const char* expected) {
  allow(key);
  const nlohmann::json& member = value(key);
  const bool integerWanted = type == nlohmann::json::value_t::number_integer;
  const bool matches = integerWanted ? member.is_number_integer() : member.type() == type;
  if (!matches) {
    throw doc_.errorAt(pointerOf(key), std::string("expected ") + expected + " for \"" +
                                           std::string(key) + "\", got " + typeName(member));
  }
  return member;
}

std::string ObjectReader::requiredString(std::string_view key) {
  return typed(key, nlohmann::json::value_t::string, "a string").get<std::string>();
}

std::int64_t ObjectReader::requiredInteger(std::string_view key) {
  const nlohmann::json& member = typed(key, nlohmann::json::value_t::number_integer, "an integer");
  if (member.is_number_unsigned() &&
      member.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw doc_.errorAt(pointerOf(key), "integer too large for \"" + std::string(key) + "\"");
  }
  return member.get<std::int64_t>();
}

bool ObjectReader::requiredBool(std::string_view key) {
  return typed(key, nlohmann::json::value_t::boolean, "true or false").get<bool>();
}

std::string ObjectReader::optionalString(std::string_view key, std::string fallback) {
  allow(key);
  return has(key) ? requiredString(key) : fallback;
}

std::int64_t ObjectReader::optionalInteger(std::string_view key, std::int64_t fallback) {
  allow(key);
  return has(key) ? requiredInteger(key) : fallback;
}

std::int64_t ObjectReader::optionalIntegerIn(std::string_view key, std::int64_t fallback,
                                             std::int64_t min, std::int64_t max,
                                             std::string_view note) {
  const std::int64_t value = optionalInteger(key, fallback);
  if (value < min || value > max) {
    std::string message = "\"" + std::string(key) + "\" must be in " + std::to_string(min) + ".." +
                          std::to_string(max);
    if (!note.empty())
      message += " (" + std::string(note) + ")";
    throw doc_.errorAt(pointerOf(key), message);
  }
  return value;
}

bool ObjectReader::optionalBool(std::string_view key, bool fallback) {
  allow(key);
  return has(key) ? requiredBool(key) : fallback;
}

}  // namespace authreplay::json
