// The show_if parser: recursive descent over the lexer's tokens, one function per precedence
// level (or < and < not < comparison). Stops at the first syntax error: a second message after
// a broken expression would only guess. Depth and length are bounded so that hostile input
// cannot exhaust the stack.
#include <memory>

#include "engine/expr/ast.h"
#include "engine/expr/lexer.h"

namespace otos::expr {
namespace {

constexpr size_t kMaxLength = 10000;
constexpr int kMaxDepth = 100;
const char* const kSyntax = "show-if-syntax";

class Parser {
 public:
  Parser(std::vector<Token> tokens, const TextOrigin& origin)
      : tokens_(std::move(tokens)), origin_(origin) {}

  ParseResult run() {
    ParseResult result;
    ExprPtr e = or_expr();
    if (e && at().kind != TokenKind::End)
      fail(at(), "expected 'and', 'or' or the end of the expression, got " + describe(at()));
    if (failed_) {
      result.diagnostics.push_back(std::move(error_));
      return result;
    }
    result.expr = std::move(e);
    return result;
  }

 private:
  const Token& at() const { return tokens_[i_]; }
  const Token& take() { return tokens_[i_ < tokens_.size() - 1 ? i_++ : i_]; }

  ExprPtr fail(const Token& where, std::string message) {
    if (!failed_) {
      failed_ = true;
      // A lexer error carries its own message; the parser's message would repeat it.
      if (where.kind == TokenKind::Error) message = where.text;
      error_.code = kSyntax;
      error_.span = span_at(origin_, where.pos);
      error_.message = "show_if: " + message;
    }
    return nullptr;
  }

  static std::shared_ptr<Node> make(NodeKind kind, Position pos) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->pos = pos;
    return n;
  }

  struct DepthGuard {
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    int& depth_;
  };

  ExprPtr binary(NodeKind kind, TokenKind op, ExprPtr (Parser::*operand)()) {
    ExprPtr left = (this->*operand)();
    while (left && at().kind == op) {
      take();
      ExprPtr right = (this->*operand)();
      if (!right) return nullptr;
      auto n = make(kind, left->pos);
      n->children = {left, right};
      left = n;
    }
    return left;
  }

  ExprPtr or_expr() { return binary(NodeKind::Or, TokenKind::Or, &Parser::and_expr); }
  ExprPtr and_expr() { return binary(NodeKind::And, TokenKind::And, &Parser::not_expr); }

  ExprPtr not_expr() {
    DepthGuard guard(depth_);
    if (depth_ > kMaxDepth) return fail(at(), "nested too deeply (more than 100 levels)");
    if (at().kind == TokenKind::Not) {
      Position pos = take().pos;
      ExprPtr inner = not_expr();
      if (!inner) return nullptr;
      auto n = make(NodeKind::Not, pos);
      n->children = {inner};
      return n;
    }
    return comparison();
  }

  static bool compare_op(TokenKind k, CompareOp* op) {
    switch (k) {
      case TokenKind::Eq:
        *op = CompareOp::Eq;
        return true;
      case TokenKind::Ne:
        *op = CompareOp::Ne;
        return true;
      case TokenKind::Lt:
        *op = CompareOp::Lt;
        return true;
      case TokenKind::Le:
        *op = CompareOp::Le;
        return true;
      case TokenKind::Gt:
        *op = CompareOp::Gt;
        return true;
      case TokenKind::Ge:
        *op = CompareOp::Ge;
        return true;
      default:
        return false;
    }
  }

  ExprPtr comparison() {
    ExprPtr left = primary();
    if (!left) return nullptr;
    CompareOp op;
    if (compare_op(at().kind, &op)) {
      const Token& op_token = take();
      if (at().kind == TokenKind::End || at().kind == TokenKind::Error)
        return fail(at(),
                    "expected a value after " + describe(op_token) + ", got " + describe(at()));
      ExprPtr right = primary();
      if (!right) return nullptr;
      auto n = make(NodeKind::Compare, left->pos);
      n->op = op;
      n->children = {left, right};
      return n;
    }
    if (at().kind == TokenKind::In) {
      take();
      if (at().kind != TokenKind::LBracket)
        return fail(at(), "expected '[' after 'in', got " + describe(at()));
      take();
      auto n = make(NodeKind::In, left->pos);
      n->children.push_back(left);
      if (at().kind == TokenKind::RBracket) {
        take();
        return n;
      }
      while (true) {
        ExprPtr item = literal();
        if (!item) return nullptr;
        n->children.push_back(item);
        if (at().kind == TokenKind::Comma) {
          take();
          continue;
        }
        if (at().kind == TokenKind::RBracket) {
          take();
          return n;
        }
        return fail(at(), "expected ',' or ']' in the list, got " + describe(at()));
      }
    }
    return left;
  }

  ExprPtr literal() {
    const Token& t = at();
    switch (t.kind) {
      case TokenKind::Number: {
        auto n = make(NodeKind::Number, t.pos);
        n->value = t.number;
        take();
        return n;
      }
      case TokenKind::String: {
        auto n = make(NodeKind::String, t.pos);
        n->text = t.text;
        take();
        return n;
      }
      default:
        return fail(t,
                    "expected a quoted code, a number or a date in the list, got " + describe(t));
    }
  }

  ExprPtr primary() {
    const Token& t = at();
    switch (t.kind) {
      case TokenKind::Number:
      case TokenKind::String:
        return literal();
      case TokenKind::True:
      case TokenKind::False: {
        auto n = make(NodeKind::Bool, t.pos);
        n->truth = t.kind == TokenKind::True;
        take();
        return n;
      }
      case TokenKind::LParen: {
        take();  // the depth is counted in not_expr, which every nested level passes through
        ExprPtr inner = or_expr();
        if (!inner) return nullptr;
        if (at().kind != TokenKind::RParen)
          return fail(at(), "expected ')', got " + describe(at()));
        take();
        return inner;
      }
      case TokenKind::Ident: {
        const Token& name = take();
        if (at().kind != TokenKind::LParen) {
          auto n = make(NodeKind::Question, name.pos);
          n->text = name.text;
          return n;
        }
        if (name.text != "answered" && name.text != "count")
          return fail(name, "unknown function '" + name.text +
                                "'; expected answered(QUESTION) or count(QUESTION)");
        take();
        if (at().kind != TokenKind::Ident)
          return fail(
              at(), "expected a question id inside " + name.text + "(...), got " + describe(at()));
        auto n = make(NodeKind::Call, name.pos);
        n->text = name.text;
        n->arg = at().text;
        n->arg_pos = at().pos;
        take();
        if (at().kind != TokenKind::RParen)
          return fail(at(),
                      "expected ')' after " + name.text + "(" + n->arg + ", got " + describe(at()));
        take();
        return n;
      }
      default:
        return fail(t, "expected a question id, a value, 'not' or '(', got " + describe(t));
    }
  }

  std::vector<Token> tokens_;
  const TextOrigin& origin_;
  size_t i_ = 0;
  int depth_ = 0;
  bool failed_ = false;
  Diagnostic error_;
};

}  // namespace

Span span_at(const TextOrigin& origin, Position pos) { return origin.at(pos.line, pos.column); }

std::string_view to_string(CompareOp op) {
  switch (op) {
    case CompareOp::Eq:
      return "==";
    case CompareOp::Ne:
      return "!=";
    case CompareOp::Lt:
      return "<";
    case CompareOp::Le:
      return "<=";
    case CompareOp::Gt:
      return ">";
    case CompareOp::Ge:
      return ">=";
  }
  return "==";
}

ParseResult parse(std::string_view text, const TextOrigin& origin) {
  if (text.size() > kMaxLength) {
    ParseResult r;
    Diagnostic d;
    d.code = kSyntax;
    d.span = origin.start;
    d.message = "show_if: the expression is " + std::to_string(text.size()) +
                " characters long; expected at most 10000";
    r.diagnostics.push_back(std::move(d));
    return r;
  }
  bool blank = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) {
    ParseResult r;
    Diagnostic d;
    d.code = kSyntax;
    d.span = origin.start;
    d.message = "show_if: the expression is empty; expected a condition such as town == '853'";
    r.diagnostics.push_back(std::move(d));
    return r;
  }
  return Parser(tokenize(text), origin).run();
}

}  // namespace otos::expr
