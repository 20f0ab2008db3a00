// The show_if type checker: walks the tree once, giving each node a type, and reports names that
// are unknown or asked later, codes a choice does not have, and comparisons that can never be
// meaningful (a choice with a number, a date with a non-date). One problem per subtree: once a
// part is wrong, the parts built on it are not reported again.
#include <cstdio>

#include "engine/expr/ast.h"

namespace otos::expr {
namespace {

enum class T { Error, Bool, Number, String, Choice, Multi, Matrix, Text, Date, Info };

struct Typed {
  T type = T::Error;
  const Node* node = nullptr;
  Symbol symbol;  // for question types
};

bool is_question(T t) {
  return t == T::Choice || t == T::Multi || t == T::Matrix || t == T::Text || t == T::Date ||
         t == T::Info;
}

// True for a value that comes from an answer: a question, or count(q) (a Number, not a literal).
bool from_answer(const Typed& t) {
  return is_question(t.type) || (t.type == T::Number && t.node->kind != NodeKind::Number);
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) days = 29;
  return d <= days;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Checker {
 public:
  Checker(const SymbolLookup& symbols, const TextOrigin& origin)
      : symbols_(symbols), origin_(origin) {}

  std::vector<Diagnostic> run(const Node& root) {
    Typed t = type_of(root);
    expect_condition(t);
    return std::move(out_);
  }

 private:
  void report(const char* code, Position pos, std::string message) {
    Diagnostic d;
    d.code = code;
    d.span = span_at(origin_, pos);
    d.message = "show_if: " + std::move(message);
    out_.push_back(std::move(d));
  }

  static std::string describe(const Typed& t) {
    const Node& n = *t.node;
    switch (t.type) {
      case T::Number:
        return n.kind == NodeKind::Call ? "count(" + n.arg + ")" : "a number";
      case T::String:
        return "'" + n.text + "'";
      case T::Bool:
        return "a condition";
      case T::Choice:
        return "choice question '" + n.text + "'";
      case T::Multi:
        return "multi_choice question '" + n.text + "'";
      case T::Matrix:
        return "matrix question '" + n.text + "'";
      case T::Text:
        return "text question '" + n.text + "'";
      case T::Date:
        return "date question '" + n.text + "'";
      case T::Info:
        return "info block '" + n.text + "'";
      case T::Error:
        return "?";
    }
    return "?";
  }

  // Resolves a question id; reports unknown and later ones.
  bool resolve(const std::string& id, Position pos, Symbol* symbol) {
    switch (symbols_.find(id, symbol)) {
      case Visibility::Known:
        return true;
      case Visibility::Later:
        report("show-if-later-question", pos,
               "question '" + id +
                   "' is asked later (at or after this question); expected a question asked "
                   "before it");
        return false;
      case Visibility::Unknown:
        report("unknown-question", pos, "unknown question '" + id + "'" + symbols_.suggest(id));
        return false;
    }
    return false;
  }

  Typed question(const Node& n) {
    Typed t;
    t.node = &n;
    if (!resolve(n.text, n.pos, &t.symbol)) return t;
    switch (t.symbol.kind) {
      case SymbolKind::Choice:
        t.type = T::Choice;
        break;
      case SymbolKind::MultiChoice:
        t.type = T::Multi;
        break;
      case SymbolKind::Matrix:
        t.type = T::Matrix;
        break;
      case SymbolKind::Number:
        t.type = T::Number;
        break;
      case SymbolKind::Text:
        t.type = T::Text;
        break;
      case SymbolKind::Date:
        t.type = T::Date;
        break;
      case SymbolKind::Info:
        report("show-if-type", n.pos,
               "'" + n.text + "' is an info block and has no answer; expected a question");
        t.type = T::Error;
        break;
    }
    return t;
  }

  // `value` is a string literal compared with a choice: it must be one of the codes.
  void check_code(const Typed& q, const Node& value) {
    for (const auto& c : q.symbol.codes)
      if (c == value.text) return;
    std::string codes;
    for (const auto& c : q.symbol.codes) {
      if (!codes.empty()) codes += ", ";
      codes += c;
    }
    report("unknown-code", value.pos,
           "question '" + q.node->text + "' has no option '" + value.text +
               "'; expected one of: " + codes);
  }

  // Checks `value` (a literal) against question `q` (or count(q)); reports what does not fit.
  void check_value(const Typed& q, const Typed& value, bool ordering, Position op_pos) {
    T vt = value.type;
    switch (q.type) {
      case T::Choice:
      case T::Multi:
        if (vt == T::Number) {
          report("show-if-type", value.node->pos,
                 describe(q) + " has codes, which are strings; write the code in quotes ('" +
                     format_number(value.node->value) + "'), not a number");
          return;
        }
        if (vt != T::String) break;
        if (ordering) {
          report("show-if-type", op_pos,
                 describe(q) + " can only be compared with ==, != or in; codes have no order");
          return;
        }
        check_code(q, *value.node);
        return;
      case T::Number:
        if (vt == T::Number) return;
        break;
      case T::Date:
        if (vt == T::String) {
          if (!valid_date(value.node->text))
            report("show-if-type", value.node->pos,
                   describe(q) + " is compared with '" + value.node->text +
                       "'; expected a date 'YYYY-MM-DD'");
          return;
        }
        break;
      case T::Text:
        if (vt == T::String) {
          if (ordering)
            report("show-if-type", op_pos,
                   describe(q) + " can only be compared with == , != or in");
          return;
        }
        break;
      default:
        break;
    }
    report("show-if-type", value.node->pos,
           "cannot compare " + describe(q) + " with " + describe(value));
  }

  Typed compare(const Node& n) {
    Typed l = type_of(*n.children[0]);
    Typed r = type_of(*n.children[1]);
    Typed out;
    out.node = &n;
    out.type = T::Bool;
    if (l.type == T::Error || r.type == T::Error) return out;
    bool ordering = n.op != CompareOp::Eq && n.op != CompareOp::Ne;
    // Put the question (or count) on the left so that one rule set covers both orders.
    if (!from_answer(l) && from_answer(r)) std::swap(l, r);
    if (l.type == T::Bool || r.type == T::Bool) {
      const Typed& b = l.type == T::Bool ? l : r;
      report("show-if-type", b.node->pos,
             "a condition cannot be compared; combine conditions with and, or, not");
      return out;
    }
    if (l.type == T::Matrix || r.type == T::Matrix) {
      const Typed& m = l.type == T::Matrix ? l : r;
      report("show-if-type", m.node->pos,
             describe(m) + " has one answer per row; use answered(" + m.node->text + ") or count(" +
                 m.node->text + ")");
      return out;
    }
    bool l_is_q = from_answer(l);
    if (l_is_q && from_answer(r)) {
      bool same = l.type == r.type || ((l.type == T::Choice || l.type == T::Multi) &&
                                       (r.type == T::Choice || r.type == T::Multi));
      if (!same)
        report("show-if-type", r.node->pos,
               "cannot compare " + describe(l) + " with " + describe(r));
      else if (ordering && l.type != T::Number && l.type != T::Date)
        report("show-if-type", n.pos, describe(l) + " can only be compared with ==, != or in");
      return out;
    }
    if (l_is_q) {
      check_value(l, r, ordering, n.pos);
      return out;
    }
    // Two literals: allowed when of one type (useful only to switch a question off).
    if (l.type != r.type)
      report("show-if-type", r.node->pos, "cannot compare " + describe(l) + " with " + describe(r));
    return out;
  }

  Typed in_list(const Node& n) {
    Typed l = type_of(*n.children[0]);
    Typed out;
    out.node = &n;
    out.type = T::Bool;
    if (l.type == T::Error) return out;
    if (!from_answer(l) || l.type == T::Matrix) {
      report("show-if-type", n.pos,
             "'in' needs a choice, number, text or date question on its left, got " + describe(l));
      return out;
    }
    for (size_t i = 1; i < n.children.size(); ++i) {
      Typed item = type_of(*n.children[i]);
      check_value(l, item, false, n.children[i]->pos);
    }
    return out;
  }

  void expect_condition(const Typed& t) {
    if (t.type == T::Error || t.type == T::Bool) return;
    const Node& n = *t.node;
    if (n.kind == NodeKind::Question)
      report("show-if-type", n.pos,
             "'" + n.text + "' alone is not a condition; expected a comparison such as " + n.text +
                 " == 'code', or answered(" + n.text + ")");
    else
      report("show-if-type", n.pos, describe(t) + " is not a condition; expected a comparison");
  }

  Typed type_of(const Node& n) {
    Typed t;
    t.node = &n;
    switch (n.kind) {
      case NodeKind::Number:
        t.type = T::Number;
        return t;
      case NodeKind::String:
        t.type = T::String;
        return t;
      case NodeKind::Bool:
        t.type = T::Bool;
        return t;
      case NodeKind::Question:
        return question(n);
      case NodeKind::Call: {
        Symbol symbol;
        if (!resolve(n.arg, n.arg_pos, &symbol)) return t;
        if (symbol.kind == SymbolKind::Info) {
          report("show-if-type", n.arg_pos,
                 "'" + n.arg + "' is an info block and has no answer; expected a question");
          return t;
        }
        t.type = n.text == "count" ? T::Number : T::Bool;
        return t;
      }
      case NodeKind::Compare:
        return compare(n);
      case NodeKind::In:
        return in_list(n);
      case NodeKind::And:
      case NodeKind::Or:
      case NodeKind::Not:
        for (const auto& child : n.children) expect_condition(type_of(*child));
        t.type = T::Bool;
        return t;
    }
    return t;
  }

  const SymbolLookup& symbols_;
  const TextOrigin& origin_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> check(const Node& expr, const SymbolLookup& symbols,
                              const TextOrigin& origin) {
  return Checker(symbols, origin).run(expr);
}

}  // namespace otos::expr
