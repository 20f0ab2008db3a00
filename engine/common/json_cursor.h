// A cursor over JSON text (RFC 8259, strict): the one tokenizer behind otos's hand-written JSON
// readers (stored answers, API request bodies). It reads one token at a time and never builds a
// tree: what to make of the tokens is the caller's. Every read returns false on malformed input
// and never throws; the cursor does not allocate except into the strings it is given.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace otos {

class JsonCursor {
 public:
  explicit JsonCursor(std::string_view s)
      : begin_(s.data()), p_(s.data()), end_(s.data() + s.size()) {}

  // Skips whitespace; true when nothing else is left.
  bool at_end() {
    ws();
    return p_ == end_;
  }

  void ws() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // Skips whitespace, then consumes `c` when it is next.
  bool eat(char c) {
    ws();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  // Skips whitespace; the next byte, or '\0' at the end.
  char peek() {
    ws();
    return p_ == end_ ? '\0' : *p_;
  }

  // Consumes `word` (true, false, null) when it is next, with no whitespace skipped.
  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size()) return false;
    if (std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  // A string into `out` (cleared first); the opening quote must be next. Escapes are decoded
  // (surrogate pairs joined, lone surrogates refused) and raw bytes must be UTF-8.
  bool parse_string(std::string& out);

  // The text of a number in JSON's grammar (no leading zeros, '+', '.5', NaN or hex), consumed.
  bool number_text(std::string_view& text);

  // A number converted exactly to the nearest double; false beyond double's range too.
  bool parse_number(double& out);

  // The text number_text gave, converted exactly to the nearest double; false beyond double's
  // range. For readers that tell that error from a malformed number.
  static bool to_double(std::string_view text, double& out);

  // Bytes consumed so far: where an error was found, for messages.
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }

 private:
  bool hex4(unsigned& v);
  bool copy_utf8(std::string& out);

  const char* begin_;
  const char* p_;
  const char* end_;
};

}  // namespace otos
