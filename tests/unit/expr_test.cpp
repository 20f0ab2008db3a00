// The show_if language: parse errors with their positions, type errors against a symbol table,
// and an evaluation table (expression x answers -> truth) that docs/show-if.md repeats.
#include "engine/expr/expr.h"

#include <doctest/doctest.h>

#include <map>

#include "engine/expr/ast.h"

using namespace otos;
using namespace otos::expr;

namespace {

Span origin() {
  Span s;
  s.file = "f.yaml";
  s.line = 9;     // renders as line 10
  s.column = 17;  // renders as column 18
  return s;
}

// town: choice 853/202; services: multi a/b/c; kids: number; born: date; note: text;
// grid: matrix; intro: info; later_q: asked later.
class Symbols : public SymbolLookup {
 public:
  Visibility find(std::string_view id, Symbol* out) const override {
    static const std::map<std::string, Symbol, std::less<>> kKnown{
        {"town", {SymbolKind::Choice, {"853", "202"}}},
        {"services", {SymbolKind::MultiChoice, {"a", "b", "c"}}},
        {"kids", {SymbolKind::Number, {}}},
        {"born", {SymbolKind::Date, {}}},
        {"note", {SymbolKind::Text, {}}},
        {"grid", {SymbolKind::Matrix, {"1", "2"}}},
        {"intro", {SymbolKind::Info, {}}},
    };
    if (id == "later_q") return Visibility::Later;
    auto it = kKnown.find(id);
    if (it == kKnown.end()) return Visibility::Unknown;
    if (out) *out = it->second;
    return Visibility::Known;
  }
};

class Answers_ : public AnswerLookup {
 public:
  explicit Answers_(Answers a) : a_(std::move(a)) {}
  const AnswerValue* find(std::string_view id) const override {
    auto it = a_.find(id);
    return it == a_.end() ? nullptr : &it->second;
  }

 private:
  Answers a_;
};

// The one diagnostic of parse + check, rendered; "" when the expression is fine.
std::string problem(std::string_view text) {
  ParseResult p = parse(text, origin());
  std::vector<Diagnostic> d = p.diagnostics;
  if (p.expr) d = check(*p.expr, Symbols(), origin());
  if (d.empty()) return "";
  std::string out;
  for (const auto& x : d) {
    if (!out.empty()) out += '\n';
    out += x.render();
  }
  return out;
}

bool eval(std::string_view text, const Answers& answers) {
  ParseResult p = parse(text, origin());
  REQUIRE(p.diagnostics.empty());
  REQUIRE(check(*p.expr, Symbols(), origin()).empty());
  return evaluate(*p.expr, Answers_(answers));
}

}  // namespace

TEST_CASE("valid expressions parse and check") {
  for (const char* text : {
           "town == '853'",
           "'853' == town",
           "town != \"202\"",
           "town in ['853', '202']",
           "services == 'a'",
           "services in ['a','b']",
           "kids >= 2",
           "kids < 2.5",
           "kids == -1",
           "count(services) >= 2",
           "count(grid) == 2",
           "answered(note)",
           "not answered(grid)",
           "born >= '2020-01-01'",
           "born < '2024-02-29'",
           "note == 'x'",
           "kids in [1, 2, 3]",
           "(town == '853' or town == '202') and not (kids > 3)",
           "true",
           "not false",
           "town == '853' and\n  kids > 1",
           "town in []",
       }) {
    CAPTURE(text);
    CHECK(problem(text) == "");
  }
}

TEST_CASE("syntax errors point inside the expression") {
  CHECK(problem("town == ") ==
        "f.yaml:10:25: error: show_if: expected a value after '==', got the end of the "
        "expression");
  CHECK(problem("town = '853'") ==
        "f.yaml:10:23: error: show_if: unexpected '='; write '==' to compare");
  CHECK(problem("town == '853") ==
        "f.yaml:10:26: error: show_if: unterminated string: expected a closing '");
  CHECK(problem("(town == '853'") ==
        "f.yaml:10:32: error: show_if: expected ')', got the end of the expression");
  CHECK(problem("town == '853' kids") ==
        "f.yaml:10:32: error: show_if: expected 'and', 'or' or the end of the expression, got "
        "'kids'");
  CHECK(problem("town in '853'") ==
        "f.yaml:10:26: error: show_if: expected '[' after 'in', got '853'");
  CHECK(problem("town in ['853' '202']") ==
        "f.yaml:10:33: error: show_if: expected ',' or ']' in the list, got '202'");
  CHECK(problem("size(town) > 1") ==
        "f.yaml:10:18: error: show_if: unknown function 'size'; expected answered(QUESTION) or "
        "count(QUESTION)");
  CHECK(problem("count('a') > 1") ==
        "f.yaml:10:24: error: show_if: expected a question id inside count(...), got 'a'");
  CHECK(problem("town == '853' && kids > 1") ==
        "f.yaml:10:32: error: show_if: unexpected '&'; write 'and'");
  CHECK(problem("   ") ==
        "f.yaml:10:18: error: show_if: the expression is empty; expected a condition such as "
        "town == '853'");
  CHECK(problem("kids > 1 and\n  town ==") ==
        "f.yaml:11:27: error: show_if: expected a value after '==', got the end of the "
        "expression");
  CHECK(problem("kids > 1.2.3") ==
        "f.yaml:10:25: error: show_if: a number must not run into letters or a second '.'");
  CHECK(problem("and") ==
        "f.yaml:10:18: error: show_if: expected a question id, a value, 'not' or '(', got "
        "'and'");
}

TEST_CASE("bounds: deep nesting and long text are diagnostics, not crashes") {
  std::string deep(5000, '(');
  CHECK(problem(deep) == "f.yaml:10:118: error: show_if: nested too deeply (more than 100 levels)");
  std::string nots;
  for (int i = 0; i < 2000; ++i) nots += "not ";
  CHECK(problem(nots + "true") ==
        "f.yaml:10:418: error: show_if: nested too deeply (more than 100 levels)");
  std::string long_text(10001, ' ');
  CHECK(problem(long_text) ==
        "f.yaml:10:18: error: show_if: the expression is 10001 characters long; expected at most "
        "10000");
}

TEST_CASE("type errors name what was expected") {
  CHECK(problem("twon == '853'") == "f.yaml:10:18: error: show_if: unknown question 'twon'");
  CHECK(problem("later_q == 'x'") ==
        "f.yaml:10:18: error: show_if: question 'later_q' is asked later (at or after this "
        "question); expected a question asked before it");
  CHECK(problem("town == 853") ==
        "f.yaml:10:26: error: show_if: choice question 'town' has codes, which are strings; "
        "write the code in quotes ('853'), not a number");
  CHECK(problem("town in ['853', '999']") ==
        "f.yaml:10:34: error: show_if: question 'town' has no option '999'; expected one of: "
        "853, 202");
  CHECK(problem("services == 'x'") ==
        "f.yaml:10:30: error: show_if: question 'services' has no option 'x'; expected one of: "
        "a, b, c");
  CHECK(problem("town < '853'") ==
        "f.yaml:10:18: error: show_if: choice question 'town' can only be compared with ==, != "
        "or in; codes have no order");
  CHECK(problem("kids == 'two'") ==
        "f.yaml:10:26: error: show_if: cannot compare a number with 'two'");
  CHECK(problem("born > '2024-02-30'") ==
        "f.yaml:10:25: error: show_if: date question 'born' is compared with '2024-02-30'; "
        "expected a date 'YYYY-MM-DD'");
  CHECK(problem("grid == '1'") ==
        "f.yaml:10:18: error: show_if: matrix question 'grid' has one answer per row; use "
        "answered(grid) or count(grid)");
  CHECK(problem("intro == 'x'") ==
        "f.yaml:10:18: error: show_if: 'intro' is an info block and has no answer; expected a "
        "question");
  CHECK(problem("town") ==
        "f.yaml:10:18: error: show_if: 'town' alone is not a condition; expected a comparison "
        "such as town == 'code', or answered(town)");
  CHECK(problem("kids > 1 and town") ==
        "f.yaml:10:31: error: show_if: 'town' alone is not a condition; expected a comparison "
        "such as town == 'code', or answered(town)");
  CHECK(problem("answered(nope)") == "f.yaml:10:27: error: show_if: unknown question 'nope'");
  CHECK(problem("town == kids") ==
        "f.yaml:10:26: error: show_if: cannot compare choice question 'town' with a number");
  // Two problems in one expression: both are reported.
  CHECK(problem("twon == '1' or kidz > 2") ==
        "f.yaml:10:18: error: show_if: unknown question 'twon'\n"
        "f.yaml:10:33: error: show_if: unknown question 'kidz'");
}

TEST_CASE("evaluation table") {
  const Answers none;
  const Answers a{{"town", std::string("853")},
                  {"services", Codes{"a", "c"}},
                  {"kids", 2.0},
                  {"born", std::string("2021-06-30")},
                  {"note", std::string("hello")},
                  {"grid", MatrixAnswer{{"r1", "1"}}}};
  struct Row {
    const char* text;
    bool with_answers;
    bool without_answers;
  };
  const Row table[] = {
      {"town == '853'", true, false},
      {"town != '853'", false, false},  // unanswered compares false, even with !=
      {"not (town == '853')", false, true},
      {"town != '202'", true, false},
      {"town in ['202', '853']", true, false},
      {"town in []", false, false},
      {"services == 'a'", true, false},  // any selected
      {"services == 'b'", false, false},
      {"services != 'b'", true, false},
      {"services in ['b', 'c']", true, false},
      {"services in ['b']", false, false},
      {"count(services) == 2", true, false},
      {"count(services) == 0", false, true},
      {"count(grid) == 1", true, false},
      {"count(town) == 1", true, false},
      {"answered(note)", true, false},
      {"not answered(note)", false, true},
      {"kids >= 2", true, false},
      {"kids > 2", false, false},
      {"kids < 2.5", true, false},
      {"kids in [1, 2]", true, false},
      {"2 <= kids", true, false},
      {"born >= '2021-01-01'", true, false},
      {"born < '2021-06-30'", false, false},
      {"note == 'hello'", true, false},
      {"town == '853' and kids > 1", true, false},
      {"town == '202' or kids > 1", true, false},
      {"not town == '853' or kids == 2", true, true},  // not binds tighter than or
      {"true", true, true},
      {"false or not true", false, false},
  };
  for (const auto& row : table) {
    CAPTURE(row.text);
    CHECK(eval(row.text, a) == row.with_answers);
    CHECK(eval(row.text, none) == row.without_answers);
  }
}

TEST_CASE("empty answers count as unanswered") {
  const Answers empty{{"town", std::string("")}, {"services", Codes{}}, {"grid", MatrixAnswer{}}};
  CHECK(eval("answered(town)", empty) == false);
  CHECK(eval("answered(services)", empty) == false);
  CHECK(eval("count(grid) == 0", empty) == true);
}

TEST_CASE("precedence: and binds tighter than or; parentheses override") {
  const Answers a{{"kids", 1.0}};
  CHECK(eval("kids == 1 or kids == 2 and kids == 3", a) == true);
  CHECK(eval("(kids == 1 or kids == 2) and kids == 3", a) == false);
}

TEST_CASE("referenced_questions lists names once, in order") {
  ParseResult p = parse("kids > 1 and (town == '853' or answered(note)) and kids < 5", origin());
  REQUIRE(p.expr);
  CHECK(referenced_questions(*p.expr) == std::vector<std::string>{"kids", "town", "note"});
}
