// show_if: parsed with its exact position in the file (so errors point inside the string),
// then type-checked against the questions that come before it. Unknown, later and
// wrongly-typed names are otos::expr's diagnostics; this file only describes the questions.
#include <map>

#include "engine/expr/expr.h"
#include "engine/loader/did_you_mean.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

expr::SymbolKind kind_of(model::QuestionType type) {
  using model::QuestionType;
  switch (type) {
    case QuestionType::SingleChoice:
    case QuestionType::Likert:
      return expr::SymbolKind::Choice;
    case QuestionType::MultiChoice:
      return expr::SymbolKind::MultiChoice;
    case QuestionType::Matrix:
      return expr::SymbolKind::Matrix;
    case QuestionType::Number:
      return expr::SymbolKind::Number;
    case QuestionType::Text:
      return expr::SymbolKind::Text;
    case QuestionType::Date:
      return expr::SymbolKind::Date;
    case QuestionType::Info:
      return expr::SymbolKind::Info;
  }
  return expr::SymbolKind::Text;
}

// Questions before `current` are Known; `current` and those after it are Later.
class QuestionsBefore : public expr::SymbolLookup {
 public:
  QuestionsBefore(const model::Questionnaire& q, size_t current) : q_(q), current_(current) {}
  expr::Visibility find(std::string_view id, expr::Symbol* out) const override {
    const model::Question* question = q_.find_question(id);
    if (!question) return expr::Visibility::Unknown;
    if (question->order >= current_) return expr::Visibility::Later;
    if (out) {
      out->kind = kind_of(question->type);
      out->codes.clear();
      for (const auto& o : question->options) out->codes.push_back(o.code);
    }
    return expr::Visibility::Known;
  }
  std::string suggest(std::string_view id) const override {
    std::vector<std::string> earlier;
    for (const auto& page : q_.pages)
      for (const auto& question : page.questions)
        if (question.order < current_) earlier.push_back(question.id);
    return loader::did_you_mean(id, earlier);
  }

 private:
  const model::Questionnaire& q_;
  size_t current_;
};

}  // namespace

void check_show_if(model::Questionnaire& questionnaire, const CheckContext& ctx) {
  for (auto& page : questionnaire.pages) {
    for (auto& question : page.questions) {
      // An absent show_if is "always shown"; `show_if: ""` was written and is an empty
      // expression, reported as the parser reports a blank one.
      if (question.show_if_source.empty() &&
          !ctx.source.spans.count(CheckContext::question_key(question) + "/show_if"))
        continue;
      expr::ParseResult parsed = expr::parse(question.show_if_source, question.show_if_origin);
      ctx.out.insert(ctx.out.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
      if (!parsed.expr) continue;
      QuestionsBefore symbols(questionnaire, question.order);
      auto problems = expr::check(*parsed.expr, symbols, question.show_if_origin);
      ctx.out.insert(ctx.out.end(), problems.begin(), problems.end());
      question.show_if = parsed.expr;
    }
  }
}

}  // namespace otos::validate
