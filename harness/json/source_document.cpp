#include "json/source_document.h"

#include <charconv>
#include <sstream>
#include <utility>

#include "text/regular_file.h"
#include "text/utf8.h"

namespace authreplay::json {

SourceError::SourceError(std::string file, SourcePosition position, std::string message)
    : std::runtime_error(file + ":" + std::to_string(position.line) + ":" +
                         std::to_string(position.column) + ": " + message),
      file_(std::move(file)),
      position_(position),
      message_(std::move(message)) {}

SourceErrors::SourceErrors(std::vector<SourceError> all)
    : SourceError(all.at(0)), all_(std::move(all)) {}

std::string childPointer(const std::string& pointer, std::string_view key) {
  std::string out = pointer;
  out += '/';
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string childPointer(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// A recursive-descent parser for RFC 8259 JSON that records where each value and key starts.
class Parser {
 public:
  Parser(std::string_view text, SourceDocument& doc) : text_(text), doc_(doc) {}

  void parseDocument() {
    skipWhitespace();
    doc_.root_ = parseValue("", 0);
    skipWhitespace();
    if (!atEnd())
      fail("unexpected " + describeHere() + " after the JSON value");
  }

 private:
  static constexpr int kMaxDepth = SourceDocument::kMaxDepth;

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  SourcePosition here() const { return {line_, column_}; }

  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw SourceError(doc_.file_, here(), message);
  }

  std::string describeHere() const {
    if (atEnd())
      return "end of file";
    const auto c = static_cast<unsigned char>(peek());
    if (c < 0x20 || c >= 0x7f) {
      std::ostringstream hex;
      hex << "byte 0x" << std::hex << static_cast<int>(c);
      return hex.str();
    }
    return std::string("'") + static_cast<char>(c) + "'";
  }

  void skipWhitespace() {
    while (!atEnd()) {
      const char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        break;
      advance();
    }
  }

  void expect(char c, const char* context) {
    if (peek() != c)
      fail(std::string("expected '") + c + "' " + context + ", got " + describeHere());
    advance();
  }

  nlohmann::json parseValue(const std::string& pointer, int depth) {
    if (depth > kMaxDepth)
      fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    doc_.values_[pointer] = here();
    switch (peek()) {
      case '{':
        return parseObject(pointer, depth);
      case '[':
        return parseArray(pointer, depth);
      case '"':
        return parseString();
      case 't':
        return parseLiteral("true", true);
      case 'f':
        return parseLiteral("false", false);
      case 'n':
        return parseLiteral("null", nullptr);
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
          return parseNumber();
        fail("expected a JSON value, got " + describeHere());
    }
  }

  nlohmann::json parseObject(const std::string& pointer, int depth) {
    nlohmann::json object = nlohmann::json::object();
    advance();  // '{'
    skipWhitespace();
    if (peek() == '}') {
      advance();
      return object;
    }
    while (true) {
      if (peek() != '"')
        fail("expected '\"' to begin an object key, got " + describeHere());
      const SourcePosition keyAt = here();
      std::string key = parseString();
      if (key.size() > SourceDocument::kMaxKeyBytes) {
        throw SourceError(doc_.file_, keyAt,
                          "object key of " + std::to_string(key.size()) +
                              " bytes, more than the limit of " +
                              std::to_string(SourceDocument::kMaxKeyBytes));
      }
      const std::string member = childPointer(pointer, key);
      if (object.contains(key)) {
        throw SourceError(doc_.file_, keyAt, "duplicate key \"" + key + "\"");
      }
      doc_.keys_[member] = keyAt;
      skipWhitespace();
      expect(':', "after an object key");
      skipWhitespace();
      object[key] = parseValue(member, depth + 1);
      skipWhitespace();
      if (peek() == ',') {
        advance();
        skipWhitespace();
        continue;
      }
      if (peek() == '}') {
        advance();
        return object;
      }
      fail("expected ',' or '}' after an object member, got " + describeHere());
    }
  }

  nlohmann::json parseArray(const std::string& pointer, int depth) {
    nlohmann::json array = nlohmann::json::array();
    advance();  // '['
    skipWhitespace();
    if (peek() == ']') {
      advance();
      return array;
    }
    for (std::size_t index = 0;; ++index) {
      array.push_back(parseValue(childPointer(pointer, index), depth + 1));
      skipWhitespace();
      if (peek() == ',') {
        advance();
        skipWhitespace();
        continue;
      }
      if (peek() == ']') {
        advance();
        return array;
      }
      fail("expected ',' or ']' after an array element, got " + describeHere());
    }
  }

  nlohmann::json parseLiteral(std::string_view word, nlohmann::json value) {
    if (text_.substr(pos_, word.size()) != word)
      fail("expected a JSON value, got " + describeHere());
    for (std::size_t i = 0; i < word.size(); ++i)
      advance();
    return value;
  }

  unsigned parseHex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        fail("expected 4 hexadecimal digits after \\u, got " + describeHere());
      }
      advance();
    }
    return value;
  }

  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The multi-byte UTF-8 sequence at the current position, copied as it is. RFC 8259 §8.1: JSON
  // text is UTF-8; an ill-formed sequence (a stray continuation byte, an overlong form, a
  // surrogate, beyond U+10FFFF: RFC 3629 §4) is an error here, as nlohmann::json::parse makes it,
  // rather than a string that nlohmann's dump() later refuses (found by
  // tests/fuzz/json_source_document_fuzz.cpp).
  void appendUtf8Sequence(std::string& out) {
    const auto lead = static_cast<unsigned char>(peek());
    const std::size_t length = lead >= 0xC2 && lead <= 0xDF   ? 2
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                              : 0;
    const std::string_view sequence = text_.substr(pos_, length);
    if (length == 0 || sequence.size() != length || !text::isValidUtf8(sequence))
      fail("invalid UTF-8 " + describeHere() + " in a string (JSON text is UTF-8, RFC 8259 §8.1)");
    out += sequence;
    for (std::size_t i = 0; i < length; ++i)
      advance();
  }

  std::string parseString() {
    advance();  // opening quote
    std::string out;
    while (true) {
      if (atEnd())
        fail("unterminated string: expected '\"' before end of file");
      const char c = peek();
      if (c == '"') {
        advance();
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("control character " + describeHere() + " in a string (escape it)");
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        appendUtf8Sequence(out);
        continue;
      }
      if (c != '\\') {
        out += c;
        advance();
        continue;
      }
      advance();  // backslash
      const char e = peek();
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          advance();
          unsigned cp = parseHex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (peek() != '\\')
              fail("expected a low surrogate \\uDC00-\\uDFFF after \\uD800-\\uDBFF");
            advance();
            if (peek() != 'u')
              fail("expected a low surrogate \\uDC00-\\uDFFF after \\uD800-\\uDBFF");
            advance();
            const unsigned low = parseHex4();
            if (low < 0xDC00 || low > 0xDFFF)
              fail("invalid low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired low surrogate in \\u escape");
          }
          appendUtf8(out, cp);
          continue;  // parseHex4 advanced past the digits
        }
        default:
          fail("invalid escape " + describeHere() + " in a string");
      }
      advance();
    }
  }

  nlohmann::json parseNumber() {
    const std::size_t start = pos_;
    const SourcePosition at = here();
    bool integral = true;
    if (peek() == '-')
      advance();
    if (peek() == '0') {
      advance();
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9')
        advance();
    } else {
      fail("expected a digit in a number, got " + describeHere());
    }
    if (peek() == '.') {
      integral = false;
      advance();
      if (!(peek() >= '0' && peek() <= '9'))
        fail("expected a digit after '.', got " + describeHere());
      while (peek() >= '0' && peek() <= '9')
        advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      advance();
      if (peek() == '+' || peek() == '-')
        advance();
      if (!(peek() >= '0' && peek() <= '9')) {
        fail("expected a digit in the exponent, got " + describeHere());
      }
      while (peek() >= '0' && peek() <= '9')
        advance();
    }
    const std::string_view token = text_.substr(start, pos_ - start);
    if (integral) {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec == std::errc() && end == token.data() + token.size())
        return value;
      std::uint64_t unsignedValue = 0;
      const auto [uend, uec] =
          std::from_chars(token.data(), token.data() + token.size(), unsignedValue);
      if (uec == std::errc() && uend == token.data() + token.size())
        return unsignedValue;
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range && underflows(token)) {
      // Too small for a double (below 4.9e-324): 0, as strtod and nlohmann::json::parse make it.
      // RFC 8259 §6 leaves the range to the implementation; only overflow is an error here.
      return token.front() == '-' ? -0.0 : 0.0;
    }
    if (ec != std::errc() || end != token.data() + token.size()) {
      throw SourceError(doc_.file_, at, "number out of range: " + std::string(token));
    }
    return value;
  }

  // Whether the well-formed JSON number TOKEN is below 1 in magnitude by its decimal exponent
  // (the place of its first significant digit plus its exponent part): an out-of-range TOKEN is
  // then an underflow, not an overflow.
  static bool underflows(std::string_view token) {
    std::int64_t place = 0;  // decimal exponent of the first significant digit, before 'e'
    bool seenPoint = false;
    bool significant = false;
    std::size_t i = token.front() == '-' ? 1 : 0;
    for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
      if (token[i] == '.') {
        seenPoint = true;
      } else if (!significant && token[i] == '0') {
        if (seenPoint)
          --place;
      } else if (!significant) {
        significant = true;
        place = seenPoint ? place - 1 : 0;
      } else if (!seenPoint) {
        ++place;
      }
    }
    if (i == token.size())
      return place < 0;
    std::string_view exponent = token.substr(i + 1);
    const bool negative = exponent.front() == '-';
    if (exponent.front() == '+' || negative)
      exponent.remove_prefix(1);
    std::int64_t magnitude = 0;
    const auto [end, ec] =
        std::from_chars(exponent.data(), exponent.data() + exponent.size(), magnitude);
    if (ec != std::errc() || end != exponent.data() + exponent.size())
      return negative;  // an exponent beyond 64 bits decides alone
    return place + (negative ? -magnitude : magnitude) < 0;
  }

  std::string_view text_;
  SourceDocument& doc_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

SourceDocument SourceDocument::parse(std::string_view text, std::string fileName) {
  SourceDocument doc;
  doc.file_ = std::move(fileName);
  // A UTF-8 byte order mark is what Windows editors (Notepad) put first; accept it silently.
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    text.remove_prefix(3);
  doc.source_ = std::make_shared<const SourceText>(std::string(text));
  Parser(doc.source_->text(), doc).parseDocument();
  return doc;
}

SourceDocument SourceDocument::load(const std::filesystem::path& path) {
  std::string error;
  auto content = text::readRegularFile(path, text::kMaxInputFileBytes, error);
  if (!content)
    throw SourceError(path.string(), {1, 1}, error);
  return parse(*content, path.string());
}

SourcePosition SourceDocument::valuePosition(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    if (const auto it = values_.find(p); it != values_.end())
      return it->second;
    if (p.empty())
      return {1, 1};
    p.erase(p.rfind('/'));
  }
}

SourcePosition SourceDocument::keyPosition(const std::string& pointer) const {
  if (const auto it = keys_.find(pointer); it != keys_.end())
    return it->second;
  return valuePosition(pointer);
}

SourceError SourceDocument::errorAt(const std::string& pointer, std::string message) const {
  return SourceError(file_, valuePosition(pointer), std::move(message));
}

SourceError SourceDocument::errorAtKey(const std::string& pointer, std::string message) const {
  return SourceError(file_, keyPosition(pointer), std::move(message));
}

}  // namespace authreplay::json
