// JsonCursor's strings and numbers (see json_cursor.h). Strings are copied in runs between
// escapes; numbers are checked against the grammar before std::from_chars converts them, since
// from_chars alone accepts forms JSON does not ("01", "1.", "inf").
#include "engine/common/json_cursor.h"

#include <charconv>
#include <cstdint>

#include "engine/common/hex.h"
#include "engine/common/utf8.h"

namespace otos {

bool JsonCursor::parse_string(std::string& out) {
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
        unsigned cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned lo = 0;
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

bool JsonCursor::number_text(std::string_view& text) {
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
  text = std::string_view(start, static_cast<size_t>(p_ - start));
  return true;
}

bool JsonCursor::parse_number(double& out) {
  std::string_view text;
  return number_text(text) && to_double(text, out);
}

bool JsonCursor::to_double(std::string_view text, double& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;  // out of range: false
}

bool JsonCursor::hex4(unsigned& v) {
  if (end_ - p_ < 4) return false;
  v = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_digit(*p_++);
    if (digit < 0) return false;
    v = (v << 4) | static_cast<unsigned>(digit);
  }
  return true;
}

bool JsonCursor::copy_utf8(std::string& out) {
  const std::string_view rest(p_, static_cast<size_t>(end_ - p_));
  const size_t n = utf8_sequence_length(rest, 0);
  if (n == 0) return false;
  out.append(p_, n);
  p_ += n;
  return true;
}

}  // namespace otos
