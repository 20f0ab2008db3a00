// The show_if evaluator: a walk over the tree with the answers given so far. It never throws and
// never fails: an unanswered question (or an empty answer) makes every comparison it is in false,
// and a combination the type checker would have refused also evaluates to false.
#include <algorithm>

#include "engine/expr/ast.h"

namespace otos::expr {
namespace {

// One side of a comparison, borrowed from the tree or the answers.
struct Operand {
  enum Kind { Missing, Number, String, Codes, Matrix } kind = Missing;
  double number = 0;
  std::string_view string;
  const otos::Codes* codes = nullptr;
};

const AnswerValue* answer_of(const AnswerLookup& answers, std::string_view id) {
  const AnswerValue* v = answers.find(id);
  if (!v) return nullptr;
  // Empty answers count as unanswered, as in the answer checks.
  if (auto s = std::get_if<std::string>(v); s && s->empty()) return nullptr;
  if (auto c = std::get_if<otos::Codes>(v); c && c->empty()) return nullptr;
  if (auto m = std::get_if<MatrixAnswer>(v); m && m->empty()) return nullptr;
  return v;
}

double count_of(const AnswerValue* v) {
  if (!v) return 0;
  if (auto c = std::get_if<otos::Codes>(v)) return static_cast<double>(c->size());
  if (auto m = std::get_if<MatrixAnswer>(v)) return static_cast<double>(m->size());
  return 1;
}

Operand operand(const Node& n, const AnswerLookup& answers) {
  Operand o;
  switch (n.kind) {
    case NodeKind::Number:
      o.kind = Operand::Number;
      o.number = n.value;
      break;
    case NodeKind::String:
      o.kind = Operand::String;
      o.string = n.text;
      break;
    case NodeKind::Call:
      if (n.text == "count") {
        o.kind = Operand::Number;
        o.number = count_of(answer_of(answers, n.arg));
      }
      break;
    case NodeKind::Question: {
      const AnswerValue* v = answer_of(answers, n.text);
      if (!v) break;
      if (auto s = std::get_if<std::string>(v)) {
        o.kind = Operand::String;
        o.string = *s;
      } else if (auto c = std::get_if<otos::Codes>(v)) {
        o.kind = Operand::Codes;
        o.codes = c;
      } else if (auto d = std::get_if<double>(v)) {
        o.kind = Operand::Number;
        o.number = *d;
      } else {
        o.kind = Operand::Matrix;
      }
      break;
    }
    default:
      break;  // a condition is not an operand: Missing, so the comparison is false
  }
  return o;
}

template <typename V>
bool ordered(CompareOp op, const V& a, const V& b) {
  switch (op) {
    case CompareOp::Eq:
      return a == b;
    case CompareOp::Ne:
      return a != b;
    case CompareOp::Lt:
      return a < b;
    case CompareOp::Le:
      return a <= b;
    case CompareOp::Gt:
      return a > b;
    case CompareOp::Ge:
      return a >= b;
  }
  return false;
}

bool contains(const otos::Codes& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool compare(CompareOp op, Operand l, Operand r) {
  if (l.kind == Operand::Missing || r.kind == Operand::Missing) return false;
  if (r.kind == Operand::Codes) std::swap(l, r);
  if (l.kind == Operand::Codes) {
    // multi_choice: == is "this code is among the selected", != its negation.
    if (r.kind != Operand::String) return false;
    if (op == CompareOp::Eq) return contains(*l.codes, r.string);
    if (op == CompareOp::Ne) return !contains(*l.codes, r.string);
    return false;
  }
  if (l.kind == Operand::Number && r.kind == Operand::Number)
    return ordered(op, l.number, r.number);
  // Strings: codes and texts compare equal or not; ISO dates also order as strings.
  if (l.kind == Operand::String && r.kind == Operand::String)
    return ordered(op, l.string, r.string);
  return false;
}

bool in_list(const Node& n, const AnswerLookup& answers) {
  Operand l = operand(*n.children[0], answers);
  if (l.kind == Operand::Missing || l.kind == Operand::Matrix) return false;
  for (size_t i = 1; i < n.children.size(); ++i) {
    Operand item = operand(*n.children[i], answers);
    if (compare(CompareOp::Eq, l, item)) return true;
  }
  return false;
}

bool truth(const Node& n, const AnswerLookup& answers) {
  switch (n.kind) {
    case NodeKind::Bool:
      return n.truth;
    case NodeKind::Call:
      return n.text == "answered" && answer_of(answers, n.arg) != nullptr;
    case NodeKind::Compare:
      return compare(n.op, operand(*n.children[0], answers), operand(*n.children[1], answers));
    case NodeKind::In:
      return in_list(n, answers);
    case NodeKind::And:
      return truth(*n.children[0], answers) && truth(*n.children[1], answers);
    case NodeKind::Or:
      return truth(*n.children[0], answers) || truth(*n.children[1], answers);
    case NodeKind::Not:
      return !truth(*n.children[0], answers);
    default:
      return false;  // a bare value is not a condition
  }
}

void collect(const Node& n, std::vector<std::string>& out) {
  auto add = [&](const std::string& id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  if (n.kind == NodeKind::Question) add(n.text);
  if (n.kind == NodeKind::Call) add(n.arg);
  for (const auto& child : n.children) collect(*child, out);
}

}  // namespace

bool evaluate(const Node& expr, const AnswerLookup& answers) { return truth(expr, answers); }

std::vector<std::string> referenced_questions(const Node& expr) {
  std::vector<std::string> out;
  collect(expr, out);
  return out;
}

}  // namespace otos::expr
