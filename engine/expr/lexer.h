// Tokens of the show_if language, with their positions. The lexer never throws: a character it
// does not know becomes an Error token that the parser reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/ast.h"

namespace otos::expr {

enum class TokenKind {
  Number,
  String,
  Ident,
  And,
  Or,
  Not,
  In,
  True,
  False,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  End,
  Error,
};

struct Token {
  TokenKind kind = TokenKind::End;
  Position pos;
  std::string text;   // identifier name, string value (unescaped) or the error message
  double number = 0;  // Number
};

// Splits the whole text; the last token is End, or Error with its message (lexing stops there).
std::vector<Token> tokenize(std::string_view text);

// How a token reads in an error message: "'=='", "the end of the expression", "'town'".
std::string describe(const Token& token);

}  // namespace otos::expr
