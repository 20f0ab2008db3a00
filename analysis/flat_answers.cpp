// A small JSON object decoder for stored answers (see flat_answers.h).
#include "analysis/flat_answers.h"

#include <charconv>
#include <cstdlib>

#include "engine/common/hex.h"
#include "engine/common/utf8.h"

namespace otos::analysis {
namespace {}  // namespace

void FlatAnswers::ws() {
  while (pos_ < src_.size() &&
         (src_[pos_] == ' ' || src_[pos_] == '\n' || src_[pos_] == '\r' || src_[pos_] == '\t'))
    ++pos_;
}

bool FlatAnswers::parse_string(std::string_view* out) {
  if (pos_ >= src_.size() || src_[pos_] != '"') return false;
  const size_t start = ++pos_;
  // Fast path: no escapes, the view points into the source.
  while (pos_ < src_.size() && src_[pos_] != '"' && src_[pos_] != '\\') ++pos_;
  if (pos_ >= src_.size()) return false;
  if (src_[pos_] == '"') {
    *out = src_.substr(start, pos_ - start);
    ++pos_;
    return true;
  }
  // Escapes: unescape into scratch_ (reserved to the source size, so it never reallocates).
  const size_t begin = scratch_.size();
  scratch_.append(src_.substr(start, pos_ - start));
  while (pos_ < src_.size() && src_[pos_] != '"') {
    char c = src_[pos_++];
    if (c != '\\') {
      scratch_ += c;
      continue;
    }
    if (pos_ >= src_.size()) return false;
    c = src_[pos_++];
    switch (c) {
      case 'n':
        scratch_ += '\n';
        break;
      case 't':
        scratch_ += '\t';
        break;
      case 'r':
        scratch_ += '\r';
        break;
      case 'b':
        scratch_ += '\b';
        break;
      case 'f':
        scratch_ += '\f';
        break;
      case 'u': {
        auto read4 = [&](uint32_t* v) {
          if (pos_ + 4 > src_.size()) return false;
          *v = 0;
          for (int i = 0; i < 4; ++i) {
            const int h = hex_digit(src_[pos_++]);
            if (h < 0) return false;
            *v = *v * 16 + static_cast<uint32_t>(h);
          }
          return true;
        };
        uint32_t cp = 0;
        if (!read4(&cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= src_.size() && src_[pos_] == '\\' &&
            src_[pos_ + 1] == 'u') {
          pos_ += 2;
          uint32_t lo = 0;
          if (!read4(&lo)) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        append_utf8(scratch_, cp);
        break;
      }
      default:
        scratch_ += c;  // \" \\ \/
    }
  }
  if (pos_ >= src_.size()) return false;
  ++pos_;
  *out = std::string_view(scratch_).substr(begin);
  return true;
}

bool FlatAnswers::parse_number(double* out) {
  const char* b = src_.data() + pos_;
  const char* e = src_.data() + src_.size();
  auto [p, ec] = std::from_chars(b, e, *out);
  if (ec != std::errc()) return false;
  pos_ += static_cast<size_t>(p - b);
  return true;
}

bool FlatAnswers::skip_value(int depth) {
  if (depth > 32) return false;
  ws();
  if (pos_ >= src_.size()) return false;
  const char c = src_[pos_];
  std::string_view s;
  double d;
  if (c == '"') return parse_string(&s);
  if (c == '{' || c == '[') {
    const char close = c == '{' ? '}' : ']';
    ++pos_;
    ws();
    if (pos_ < src_.size() && src_[pos_] == close) return ++pos_, true;
    while (true) {
      if (c == '{') {
        ws();
        if (!parse_string(&s)) return false;
        ws();
        if (pos_ >= src_.size() || src_[pos_++] != ':') return false;
      }
      if (!skip_value(depth + 1)) return false;
      ws();
      if (pos_ >= src_.size()) return false;
      if (src_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (src_[pos_] == close) return ++pos_, true;
      return false;
    }
  }
  for (std::string_view lit : {"true", "false", "null"})
    if (src_.substr(pos_, lit.size()) == lit) return pos_ += lit.size(), true;
  return parse_number(&d);
}

bool FlatAnswers::decode(std::string_view json) {
  src_ = json;
  pos_ = 0;
  scratch_.clear();
  if (scratch_.capacity() < json.size()) scratch_.reserve(json.size() * 2);
  values_.clear();
  items_.clear();
  auto fail = [&] {
    values_.clear();
    items_.clear();
    return false;
  };
  ws();
  if (pos_ >= src_.size() || src_[pos_] != '{') return fail();
  ++pos_;
  ws();
  if (pos_ < src_.size() && src_[pos_] == '}') return true;
  while (true) {
    ws();
    FlatValue v;
    if (!parse_string(&v.key)) return fail();
    ws();
    if (pos_ >= src_.size() || src_[pos_++] != ':') return fail();
    ws();
    if (pos_ >= src_.size()) return fail();
    const char c = src_[pos_];
    bool keep = true;
    if (c == '"') {
      v.kind = FlatKind::String;
      if (!parse_string(&v.text)) return fail();
    } else if (c == '[') {
      v.kind = FlatKind::Codes;
      v.first = static_cast<uint32_t>(items_.size());
      ++pos_;
      ws();
      if (pos_ < src_.size() && src_[pos_] == ']') {
        ++pos_;
      } else {
        while (true) {
          ws();
          std::string_view s;
          if (pos_ < src_.size() && src_[pos_] == '"') {
            if (!parse_string(&s)) return fail();
            items_.push_back(s);
          } else if (!skip_value(1)) {
            return fail();
          }
          ws();
          if (pos_ >= src_.size()) return fail();
          if (src_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (src_[pos_++] == ']') break;
          return fail();
        }
      }
      v.count = static_cast<uint32_t>(items_.size()) - v.first;
    } else if (c == '{') {
      v.kind = FlatKind::Matrix;
      v.first = static_cast<uint32_t>(items_.size());
      ++pos_;
      ws();
      if (pos_ < src_.size() && src_[pos_] == '}') {
        ++pos_;
      } else {
        while (true) {
          ws();
          std::string_view row, code;
          if (!parse_string(&row)) return fail();
          ws();
          if (pos_ >= src_.size() || src_[pos_++] != ':') return fail();
          ws();
          if (pos_ < src_.size() && src_[pos_] == '"') {
            if (!parse_string(&code)) return fail();
            items_.push_back(row);
            items_.push_back(code);
          } else if (!skip_value(1)) {
            return fail();
          }
          ws();
          if (pos_ >= src_.size()) return fail();
          if (src_[pos_] == ',') {
            ++pos_;
            continue;
          }
          if (src_[pos_++] == '}') break;
          return fail();
        }
      }
      v.count = (static_cast<uint32_t>(items_.size()) - v.first) / 2;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = FlatKind::Number;
      if (!parse_number(&v.number)) return fail();
    } else {
      keep = false;
      if (!skip_value(1)) return fail();
    }
    if (keep) values_.push_back(v);
    ws();
    if (pos_ >= src_.size()) return fail();
    if (src_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (src_[pos_++] == '}') break;
    return fail();
  }
  return true;
}

const FlatValue* FlatAnswers::find(std::string_view key) const {
  for (const auto& v : values_)
    if (v.key == key) return &v;
  return nullptr;
}

}  // namespace otos::analysis
