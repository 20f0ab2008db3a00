// The show_if lexer: one pass over the bytes, tracking line and column (in code points) so that
// every diagnostic can point inside the expression. Strings take '...' or "..." with \\ \' \"
// escapes; numbers are decimal with an optional leading '-' and fraction.
#include "engine/expr/lexer.h"

#include <charconv>

namespace otos::expr {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    // The end is reported just after the last token, not after trailing spaces or the newline
    // a YAML block scalar adds: that is where the author stopped writing.
    Position after_last = pos_;
    while (true) {
      skip_space();
      Token t;
      t.pos = pos_;
      if (i_ >= text_.size()) {
        t.kind = TokenKind::End;
        t.pos = after_last;
        out.push_back(std::move(t));
        return out;
      }
      if (!next(t)) {
        t.kind = TokenKind::Error;
        out.push_back(std::move(t));
        return out;
      }
      out.push_back(std::move(t));
      after_last = pos_;
    }
  }

 private:
  char peek(size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }

  void advance() {
    char c = text_[i_++];
    if (c == '\n') {
      ++pos_.line;
      pos_.column = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++pos_.column;  // continuation bytes do not start a new character
    }
  }

  void skip_space() {
    while (i_ < text_.size() &&
           (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      advance();
  }

  bool next(Token& t) {
    char c = peek();
    if (is_ident_start(c)) return ident(t);
    if (is_digit(c) || (c == '-' && is_digit(peek(1)))) return number(t);
    if (c == '\'' || c == '"') return string(t, c);
    auto one = [&](TokenKind k) {
      advance();
      t.kind = k;
      return true;
    };
    auto two = [&](TokenKind k) {
      advance();
      advance();
      t.kind = k;
      return true;
    };
    switch (c) {
      case '(':
        return one(TokenKind::LParen);
      case ')':
        return one(TokenKind::RParen);
      case '[':
        return one(TokenKind::LBracket);
      case ']':
        return one(TokenKind::RBracket);
      case ',':
        return one(TokenKind::Comma);
      case '=':
        if (peek(1) == '=') return two(TokenKind::Eq);
        t.text = "unexpected '='; write '==' to compare";
        return false;
      case '!':
        if (peek(1) == '=') return two(TokenKind::Ne);
        t.text = "unexpected '!'; write 'not' to negate or '!=' to compare";
        return false;
      case '<':
        if (peek(1) == '=') return two(TokenKind::Le);
        return one(TokenKind::Lt);
      case '>':
        if (peek(1) == '=') return two(TokenKind::Ge);
        return one(TokenKind::Gt);
      case '&':
        t.text = "unexpected '&'; write 'and'";
        return false;
      case '|':
        t.text = "unexpected '|'; write 'or'";
        return false;
      default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      t.text = "unexpected control character";
    else if (static_cast<unsigned char>(c) >= 0x80)
      t.text = "unexpected character outside quotes";
    else
      t.text = std::string("unexpected character '") + c + "'";
    return false;
  }

  bool ident(Token& t) {
    size_t start = i_;
    while (i_ < text_.size() && is_ident_char(peek())) advance();
    t.text = std::string(text_.substr(start, i_ - start));
    static const std::pair<std::string_view, TokenKind> kKeywords[] = {
        {"and", TokenKind::And}, {"or", TokenKind::Or},     {"not", TokenKind::Not},
        {"in", TokenKind::In},   {"true", TokenKind::True}, {"false", TokenKind::False},
    };
    t.kind = TokenKind::Ident;
    for (const auto& [word, kind] : kKeywords)
      if (t.text == word) t.kind = kind;
    return true;
  }

  bool number(Token& t) {
    size_t start = i_;
    if (peek() == '-') advance();
    while (is_digit(peek())) advance();
    if (peek() == '.' && is_digit(peek(1))) {
      advance();
      while (is_digit(peek())) advance();
    }
    if (is_ident_start(peek()) || peek() == '.') {
      t.text = "a number must not run into letters or a second '.'";
      return false;
    }
    std::string_view digits = text_.substr(start, i_ - start);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), t.number);
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      t.text = "number out of range";
      return false;
    }
    t.kind = TokenKind::Number;
    return true;
  }

  bool string(Token& t, char quote) {
    advance();
    while (true) {
      if (i_ >= text_.size() || peek() == '\n') {
        t.text = std::string("unterminated string: expected a closing ") + quote;
        return false;
      }
      char c = peek();
      if (c == quote) {
        advance();
        t.kind = TokenKind::String;
        return true;
      }
      if (c == '\\' && (peek(1) == quote || peek(1) == '\\')) {
        advance();
        c = peek();
      }
      t.text += c;
      advance();
    }
  }

  std::string_view text_;
  size_t i_ = 0;
  Position pos_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::Number:
      return "a number";
    case TokenKind::String:
      return "'" + token.text + "'";
    case TokenKind::Ident:
      return "'" + token.text + "'";
    case TokenKind::And:
      return "'and'";
    case TokenKind::Or:
      return "'or'";
    case TokenKind::Not:
      return "'not'";
    case TokenKind::In:
      return "'in'";
    case TokenKind::True:
      return "'true'";
    case TokenKind::False:
      return "'false'";
    case TokenKind::Eq:
      return "'=='";
    case TokenKind::Ne:
      return "'!='";
    case TokenKind::Lt:
      return "'<'";
    case TokenKind::Le:
      return "'<='";
    case TokenKind::Gt:
      return "'>'";
    case TokenKind::Ge:
      return "'>='";
    case TokenKind::LParen:
      return "'('";
    case TokenKind::RParen:
      return "')'";
    case TokenKind::LBracket:
      return "'['";
    case TokenKind::RBracket:
      return "']'";
    case TokenKind::Comma:
      return "','";
    case TokenKind::End:
      return "the end of the expression";
    case TokenKind::Error:
      return token.text;
  }
  return "?";
}

}  // namespace otos::expr
