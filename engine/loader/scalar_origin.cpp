// A scanner of one YAML scalar as written in the file, emitting the decoded value's characters
// with their file positions. It follows YAML 1.2's flow folding (a single line break is a space,
// n empty lines are n line breaks, white space around breaks dropped), its double-quoted escapes
// and '' in single quotes, and folded blocks whose lines share one indentation. Anything else
// (literal blocks, explicit indentation, more-indented folded lines) is left to start + offset,
// and every map is checked against the parser's own value before it is used.
#include "engine/loader/scalar_origin.h"

#include "engine/common/hex.h"
#include "engine/common/utf8.h"
#include "engine/loader/loader.h"

namespace otos::loader {
namespace {

// Walks the file's bytes, keeping the 0-based line and column (code points) of the next one.
class Cursor {
 public:
  Cursor(std::string_view text, size_t pos, int line, int column)
      : text_(text), i_(pos), line_(line), column_(column) {}

  bool done() const { return i_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }
  bool at_break() const { return peek() == '\n' || peek() == '\r'; }
  std::pair<int, int> where() const { return {line_, column_}; }
  std::string_view rest() const { return text_.substr(i_); }

  void advance(size_t n = 1) {
    for (; n > 0 && i_ < text_.size(); --n) {
      const char c = text_[i_++];
      if (c == '\n') {
        ++line_;
        column_ = 0;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  void skip_break() {
    if (peek() == '\r') advance();
    if (peek() == '\n') advance();
  }
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') advance();
  }
  // The next code point's bytes, or "" when they are not UTF-8.
  std::string_view code_point() const {
    const size_t n = utf8_sequence_length(text_, i_);
    return n == 0 ? std::string_view() : text_.substr(i_, n);
  }

 private:
  std::string_view text_;
  size_t i_;
  int line_;
  int column_;
};

struct Decoded {
  std::string value;
  std::vector<std::vector<std::pair<int, int>>> chars{1};
  size_t raw_blanks = 0;  // trailing spaces and tabs copied from the file (folding drops them)

  void put(std::string_view bytes, std::pair<int, int> at, bool raw_blank = false) {
    value += bytes;
    chars.back().push_back(at);
    if (bytes == "\n") chars.emplace_back();
    raw_blanks = raw_blank ? raw_blanks + 1 : 0;
  }
  bool copy(Cursor& cur) {  // one code point from the file as it is
    const std::string_view cp = cur.code_point();
    if (cp.empty()) return false;
    put(cp, cur.where(), cp == " " || cp == "\t");
    cur.advance(cp.size());
    return true;
  }
  // At a line break inside a flow scalar: drop the blanks before it, skip the break, the empty
  // lines after it and the next line's leading blanks; a space, or one '\n' per empty line.
  void fold(Cursor& cur) {
    for (; raw_blanks > 0; --raw_blanks) {
      value.pop_back();
      chars.back().pop_back();
    }
    const std::pair<int, int> at = cur.where();
    cur.skip_break();
    int empty = 0;
    for (cur.skip_blanks(); cur.at_break(); cur.skip_blanks()) {
      ++empty;
      cur.skip_break();
    }
    if (empty == 0) put(" ", at);
    for (int k = 0; k < empty; ++k) put("\n", at);
  }
};

bool hex_value(std::string_view digits, uint32_t* out) {
  uint32_t v = 0;
  for (char c : digits) {
    const int d = hex_digit(c);
    if (d < 0) return false;
    v = v * 16 + static_cast<uint32_t>(d);
  }
  *out = v;
  return true;
}

// One escape after a backslash in a double-quoted scalar (the cursor on the backslash).
bool escape(Cursor& cur, Decoded& out) {
  const std::pair<int, int> at = cur.where();
  const char e = cur.peek(1);
  if (e == '\n' || e == '\r') {  // an escaped line break: it and the next line's indent vanish
    cur.advance();
    cur.skip_break();
    cur.skip_blanks();
    out.raw_blanks = 0;
    return true;
  }
  if (e == 'x' || e == 'u' || e == 'U') {
    const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
    uint32_t cp = 0;
    if (cur.rest().size() < 2 + n || !hex_value(cur.rest().substr(2, n), &cp)) return false;
    std::string bytes;
    append_utf8(bytes, cp);
    out.put(bytes, at);
    cur.advance(2 + n);
    return true;
  }
  static constexpr std::pair<char, const char*> kSimple[] = {{'0', "\0"},
                                                             {'a', "\a"},
                                                             {'b', "\b"},
                                                             {'t', "\t"},
                                                             {'\t', "\t"},
                                                             {'n', "\n"},
                                                             {'v', "\v"},
                                                             {'f', "\f"},
                                                             {'r', "\r"},
                                                             {'e', "\x1B"},
                                                             {' ', " "},
                                                             {'"', "\""},
                                                             {'/', "/"},
                                                             {'\\', "\\"},
                                                             {'N', "\xC2\x85"},
                                                             {'_', "\xC2\xA0"},
                                                             {'L', "\xE2\x80\xA8"},
                                                             {'P', "\xE2\x80\xA9"}};
  for (const auto& [key, bytes] : kSimple) {
    if (e != key) continue;
    out.put(key == '0' ? std::string_view("\0", 1) : std::string_view(bytes), at);
    cur.advance(2);
    return true;
  }
  return false;
}

bool quoted(Cursor& cur, Decoded& out) {
  const char quote = cur.peek();
  cur.advance();
  while (!cur.done()) {
    const char c = cur.peek();
    if (c == quote && quote == '\'' && cur.peek(1) == '\'') {  // '' is one quote
      out.put("'", cur.where());
      cur.advance(2);
    } else if (c == quote) {
      return true;
    } else if (c == '\\' && quote == '"') {
      if (!escape(cur, out)) return false;
    } else if (cur.at_break()) {
      out.fold(cur);
    } else if (!out.copy(cur)) {
      return false;
    }
  }
  return false;  // not closed
}

bool plain(Cursor& cur, Decoded& out, size_t length) {
  while (!cur.done() && out.value.size() < length) {
    if (cur.at_break()) {
      out.fold(cur);
    } else if (!out.copy(cur)) {
      return false;
    }
  }
  return true;
}

// A folded block ('>') whose lines all share the first line's indentation.
bool folded(Cursor& cur, Decoded& out) {
  cur.advance();  // '>'
  while (cur.peek() == '+' || cur.peek() == '-') cur.advance();
  if (cur.peek() >= '0' && cur.peek() <= '9') return false;  // explicit indentation
  while (!cur.done() && !cur.at_break()) cur.advance();      // blanks and a comment
  cur.skip_break();
  int indent = -1;
  bool first = true;
  int empty = 0;
  std::pair<int, int> last_break{0, 0};
  while (!cur.done()) {
    const std::string_view rest = cur.rest();
    size_t spaces = 0;
    while (spaces < rest.size() && rest[spaces] == ' ') ++spaces;
    const bool blank = spaces == rest.size() || rest[spaces] == '\n' || rest[spaces] == '\r';
    if (blank) {
      if (spaces == rest.size()) break;
      cur.advance(spaces);
      if (first)
        out.put("\n", cur.where());  // leading empty lines are kept
      else
        ++empty;
      cur.skip_break();
      continue;
    }
    if (indent < 0) indent = static_cast<int>(spaces);
    if (static_cast<int>(spaces) < indent) break;  // the block has ended
    if (static_cast<int>(spaces) > indent || rest[spaces] == '\t') return false;  // more indented
    cur.advance(spaces);
    if (!first) {
      if (empty == 0) out.put(" ", last_break);
      for (int k = 0; k < empty; ++k) out.put("\n", last_break);
    }
    first = false;
    empty = 0;
    while (!cur.done() && !cur.at_break()) {
      if (!out.copy(cur)) return false;
    }
    last_break = cur.where();
    cur.skip_break();
  }
  return true;
}

std::string_view without_final_breaks(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

TextOrigin scalar_origin(std::string_view text, const std::string& file, int line, int column,
                         size_t pos, std::string_view value) {
  TextOrigin origin(scalar_content_start(text, file, line, column, pos));
  if (pos >= text.size() || text[pos] == '|') return origin;  // a literal block: start + offset
  Cursor cur(text, pos, line, column);
  Decoded out;
  const char first = text[pos];
  const bool ok = first == '"' || first == '\'' ? quoted(cur, out)
                  : first == '>'                ? folded(cur, out)
                                                : plain(cur, out, value.size());
  if (!ok || without_final_breaks(out.value) != without_final_breaks(value)) return origin;
  // Keep the map only where start + offset would be wrong.
  bool plain_offsets = true;
  for (size_t r = 0; r < out.chars.size() && plain_offsets; ++r) {
    for (size_t c = 0; c < out.chars[r].size() && plain_offsets; ++c) {
      plain_offsets =
          out.chars[r][c] == std::pair<int, int>(origin.start.line + static_cast<int>(r),
                                                 origin.start.column + static_cast<int>(c));
    }
  }
  if (!plain_offsets) origin.chars = std::move(out.chars);
  return origin;
}

}  // namespace otos::loader
