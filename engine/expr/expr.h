// The show_if expression language: three pure functions.
//   parse:    text + where it came from -> AST, or diagnostics
//   check:    AST + the questions visible at that point -> diagnostics (type errors, unknown names)
//   evaluate: AST + answers -> bool, never throws; an unanswered question compares false
// Grammar (docs/questionnaire-format.md, "show_if"):
//   expr    := or
//   or      := and ("or" and)*
//   and     := not ("and" not)*
//   not     := "not" not | cmp
//   cmp     := primary (("=="|"!="|"<"|"<="|">"|">=") primary | "in" list)?
//   primary := NUMBER | STRING | DATE | IDENT | IDENT "(" IDENT ")" | "(" expr ")" | "true" |
//   "false" list    := "[" (literal ("," literal)*)? "]"
// Strings take single or double quotes; a date literal is a string of the form 'YYYY-MM-DD'
// compared with a date question. This module knows nothing of the questionnaire model: the
// caller describes questions through SymbolLookup and answers through AnswerLookup.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/answer_value.h"
#include "engine/common/diagnostic.h"
#include "engine/common/text_origin.h"

namespace otos::expr {

struct Node;  // defined in engine/expr/ast.h
using ExprPtr = std::shared_ptr<const Node>;

struct ParseResult {
  ExprPtr expr;  // null when diagnostics is not empty
  std::vector<Diagnostic> diagnostics;
};

// `origin` says where the text is in its file (a Span for "from here on"); every diagnostic
// points at the file position of the character it is about.
// Bounded: nesting deeper than 100 levels or text over 10,000 characters is a diagnostic.
ParseResult parse(std::string_view text, const TextOrigin& origin);

enum class SymbolKind { Choice, MultiChoice, Matrix, Number, Text, Date, Info };

struct Symbol {
  SymbolKind kind = SymbolKind::Text;
  std::vector<std::string> codes;  // valid option codes for Choice / MultiChoice / Matrix
};

enum class Visibility { Known, Later, Unknown };

class SymbolLookup {
 public:
  virtual ~SymbolLookup() = default;
  // Known: fills *out. Later: the question exists but comes at or after the one being checked.
  virtual Visibility find(std::string_view id, Symbol* out) const = 0;
  // For an Unknown id: " (did you mean 'X'?)" naming a close Known id, or "".
  virtual std::string suggest(std::string_view /*id*/) const { return ""; }
};

// Type-checks: names must be Known, a choice compares with strings that are among its codes
// (and never with a number), number with numbers, date with date strings, count() with numbers,
// `in` lists hold literals of the question's type; `and`/`or`/`not` take booleans.
std::vector<Diagnostic> check(const Node& expr, const SymbolLookup& symbols,
                              const TextOrigin& origin);

class AnswerLookup {
 public:
  virtual ~AnswerLookup() = default;
  virtual const AnswerValue* find(std::string_view id) const = 0;  // null when unanswered
};

// Semantics: for a multi_choice, `q == 'a'` and `q in [..]` are true when any selected code
// matches; `count(q)` is the number of codes selected (multi), rows answered (matrix), or 0/1;
// `answered(q)` is true when the question has an answer. Any comparison with an unanswered
// question is false (so `not (q == 'a')` is true when q is unanswered).
bool evaluate(const Node& expr, const AnswerLookup& answers);

// The question ids the expression names, in order of first appearance, without duplicates.
std::vector<std::string> referenced_questions(const Node& expr);

}  // namespace otos::expr
