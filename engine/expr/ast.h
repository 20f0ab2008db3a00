// The show_if syntax tree. Built only by the parser (expression_parser.cpp), read by the type
// checker and the evaluator. Nodes are immutable after parsing and shared between threads.
#pragma once

#include <string>
#include <vector>

#include "engine/expr/expr.h"

namespace otos::expr {

enum class NodeKind {
  Number,    // number literal: `value`
  String,    // string literal: `text` (a date literal is a string of the form YYYY-MM-DD)
  Bool,      // true / false: `truth`
  Question,  // a question id: `text`
  Call,      // answered(q) / count(q): `text` = function name, `arg` = question id
  Compare,   // children[0] op children[1]
  In,        // children[0] in [children[1..]]
  And,       // children[0] and children[1]
  Or,        // children[0] or children[1]
  Not,       // not children[0]
};

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

// Where a node starts inside the expression text: line 0 is the first line, columns count
// characters (UTF-8 code points) from the start of that line.
struct Position {
  int line = 0;
  int column = 0;
};

struct Node {
  NodeKind kind = NodeKind::Bool;
  Position pos;
  Position arg_pos;  // Call: where the argument starts
  double value = 0;
  bool truth = false;
  std::string text;
  std::string arg;
  CompareOp op = CompareOp::Eq;
  std::vector<ExprPtr> children;
};

std::string_view to_string(CompareOp op);

// The diagnostic's span for a position inside an expression taken from `origin`.
Span span_at(const TextOrigin& origin, Position pos);

}  // namespace otos::expr
