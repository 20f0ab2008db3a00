// The canonical JSON of answers: a writer and a hand-written parser (no DOM, one pass). The parser
// reads millions of stored rows, so it avoids copies where it can; it never throws and returns
// nullopt on anything that is not a JSON object of the answer shapes. It must not know the model.
#include "engine/common/answer_value.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "engine/common/hex.h"
#include "engine/common/utf8.h"

namespace otos {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// A cursor over the JSON text. Every parse_* returns false on malformed input.
class Parser {
 public:
  explicit Parser(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool at_end() {
    ws();
    return p_ == end_;
  }

  void ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  bool eat(char c) {
    ws();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  char peek() {
    ws();
    return p_ == end_ ? '\0' : *p_;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size()) return false;
    if (std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  // A JSON string into out (cleared first); the opening quote must be next.
  bool parse_string(std::string& out) {
    out.clear();
    if (!eat('"')) return false;
    for (;;) {
      const char* start = p_;
      while (p_ != end_) {
        unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++p_;
      }
      out.append(start, p_);
      if (p_ == end_) return false;
      unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      if (c >= 0x80) {
        if (!copy_utf8(out)) return false;
        continue;
      }
      // Backslash escape.
      ++p_;
      if (p_ == end_) return false;
      char e = *p_++;
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
          uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (!literal("\\u") || !hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;  // a lone low surrogate
          }
          append_utf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
  }

  // A JSON number (strict grammar), converted exactly.
  bool parse_number(double& out) {
    ws();
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    auto [ptr, ec] = std::from_chars(start, p_, out);
    if (ec == std::errc::result_out_of_range) return false;  // beyond double's range
    return ec == std::errc() && ptr == p_;
  }

 private:
  bool hex4(uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const int digit = hex_digit(*p_++);
      if (digit < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(digit);
    }
    return true;
  }

  // One well-formed UTF-8 sequence copied to out.
  bool copy_utf8(std::string& out) {
    const std::string_view rest(p_, static_cast<size_t>(end_ - p_));
    const size_t n = utf8_sequence_length(rest, 0);
    if (n == 0) return false;
    out.append(p_, n);
    p_ += n;
    return true;
  }

  const char* p_;
  const char* end_;
};

// One value of an answer: string, number, array of strings, object of strings, or null (skipped).
// Returns false on malformed input or another shape; sets `present` false for null.
bool parse_value(Parser& in, AnswerValue& value, bool& present, std::string& scratch) {
  present = true;
  char c = in.peek();
  if (c == '"') {
    std::string s;
    if (!in.parse_string(s)) return false;
    value = std::move(s);
    return true;
  }
  if (c == '[') {
    in.eat('[');
    Codes codes;
    if (in.eat(']')) {
      value = std::move(codes);
      return true;
    }
    do {
      if (in.peek() != '"') return false;
      if (!in.parse_string(scratch)) return false;
      codes.push_back(scratch);
    } while (in.eat(','));
    if (!in.eat(']')) return false;
    value = std::move(codes);
    return true;
  }
  if (c == '{') {
    in.eat('{');
    MatrixAnswer rows;
    if (in.eat('}')) {
      value = std::move(rows);
      return true;
    }
    std::string key;
    do {
      if (in.peek() != '"' || !in.parse_string(key) || !in.eat(':')) return false;
      if (in.peek() != '"' || !in.parse_string(scratch)) return false;
      rows.insert_or_assign(key, scratch);
    } while (in.eat(','));
    if (!in.eat('}')) return false;
    value = std::move(rows);
    return true;
  }
  if (c == 'n') {
    present = false;
    return in.literal("null");
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    double d = 0;
    if (!in.parse_number(d)) return false;
    value = d;
    return true;
  }
  return false;  // true, false, or not JSON
}

void append_value(std::string& out, const AnswerValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    append_json_string(out, *s);
  } else if (const auto* codes = std::get_if<Codes>(&value)) {
    out += '[';
    for (size_t i = 0; i < codes->size(); ++i) {
      if (i) out += ',';
      append_json_string(out, (*codes)[i]);
    }
    out += ']';
  } else if (const auto* d = std::get_if<double>(&value)) {
    append_json_number(out, *d);
  } else {
    const auto& rows = std::get<MatrixAnswer>(value);
    out += '{';
    bool first = true;
    for (const auto& [row, code] : rows) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, row);
      out += ':';
      append_json_string(out, code);
    }
    out += '}';
  }
}

}  // namespace

std::string answers_to_json(const Answers& answers) {
  std::string out;
  out.reserve(16 + answers.size() * 24);
  out += '{';
  bool first = true;
  for (const auto& [id, value] : answers) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, id);
    out += ':';
    append_value(out, value);
  }
  out += '}';
  return out;
}

std::optional<Answers> answers_from_json(std::string_view json) {
  Parser in(json);
  Answers answers;
  if (!in.eat('{')) return std::nullopt;
  if (!in.eat('}')) {
    std::string key;
    std::string scratch;
    do {
      if (in.peek() != '"' || !in.parse_string(key) || !in.eat(':')) return std::nullopt;
      AnswerValue value;
      bool present = true;
      if (!parse_value(in, value, present, scratch)) return std::nullopt;
      if (present) {
        answers.insert_or_assign(key, std::move(value));
      } else {
        answers.erase(key);
      }
    } while (in.eat(','));
    if (!in.eat('}')) return std::nullopt;
  }
  if (!in.at_end()) return std::nullopt;
  return answers;
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  const char* p = s.data();
  const char* end = p + s.size();
  while (p != end) {
    const char* start = p;
    while (p != end) {
      unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"' || c == '\\' || c < 0x20) break;
      if (c >= 0x80) {  // JSON is UTF-8: a byte that starts no well-formed sequence becomes U+FFFD
        const size_t n = utf8_sequence_length(s, static_cast<size_t>(p - s.data()));
        if (n == 0) break;
        p += n;
        continue;
      }
      ++p;
    }
    out.append(start, p);
    if (p == end) break;
    if (static_cast<unsigned char>(*p) >= 0x80) {
      out += "\xEF\xBF\xBD";
      ++p;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out += '"';
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    out += "null";
    return;
  }
  out.append(buf, ptr);
}

}  // namespace otos
