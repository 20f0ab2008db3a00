// The canonical JSON of answers: a writer and a hand-written parser (no DOM, one pass, on
// engine/common/json_cursor). The parser reads millions of stored rows, so it avoids copies where
// it can; it never throws and returns nullopt on anything that is not a JSON object of the answer
// shapes. It must not know the model.
#include "engine/common/answer_value.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "engine/common/json_cursor.h"
#include "engine/common/utf8.h"

namespace otos {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// One value of an answer: string, number, array of strings, object of strings, or null (skipped).
// Returns false on malformed input or another shape; sets `present` false for null.
bool parse_value(JsonCursor& in, AnswerValue& value, bool& present, std::string& scratch) {
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
  JsonCursor in(json);
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
