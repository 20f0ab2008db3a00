// Names that must point at something: `options: NAME` at a list, `scale` at a scale,
// indicators at a choice question and its codes, `groups` entries at single_choice questions.
#include <algorithm>

#include "engine/loader/codes.h"
#include "engine/loader/did_you_mean.h"
#include "engine/loader/node_reader.h"
#include "engine/validate/check.h"

namespace otos::validate {
namespace {

template <typename Map>
std::vector<std::string> names_of(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [name, value] : map) out.push_back(name);
  return out;
}

std::string expected_names(const std::vector<std::string>& names, const std::string& where) {
  if (names.empty()) return "; no names are defined under '" + where + "'";
  return "; expected one of: " + loader::join(names);
}

std::vector<std::string> question_ids(const model::Questionnaire& q) {
  std::vector<std::string> out;
  for (const auto* question : q.questions()) out.push_back(question->id);
  return out;
}

void check_indicator(const CheckContext& ctx, const model::Indicator& ind, size_t index) {
  const auto& q = ctx.questionnaire;
  const std::string key = std::string("indicator") + std::to_string(index);
  if (ind.question.empty()) return;
  const model::Question* question = q.find_question(ind.question);
  Span question_span = ctx.at(key + "/question");
  if (!question) {
    ctx.error(question_span, loader::codes::kUnknownQuestion,
              std::string("indicator '") + ind.id + "' names unknown question '" + ind.question +
                  "'" + loader::did_you_mean(ind.question, question_ids(q)));
    return;
  }
  using model::QuestionType;
  if (question->type != QuestionType::SingleChoice && question->type != QuestionType::MultiChoice &&
      question->type != QuestionType::Likert) {
    ctx.error(question_span, loader::codes::kBadIndicator,
              std::string("indicator '") + ind.id + "' shares question '" + ind.question + "', a " +
                  std::string(model::to_string(question->type)) +
                  " question; expected a single_choice, multi_choice or likert question");
    return;
  }
  std::vector<std::string> codes;
  for (const auto& o : question->options) codes.push_back(o.code);
  if (codes.empty()) return;  // its unknown list or scale is reported elsewhere
  for (size_t k = 0; k < ind.values.size(); ++k) {
    const std::string& v = ind.values[k];
    if (std::find(codes.begin(), codes.end(), v) == codes.end())
      ctx.error(
          ctx.at(key + std::string("/values/") + std::to_string(k)), loader::codes::kUnknownCode,
          std::string("indicator '") + ind.id + "' counts code '" + v + "', which question '" +
              ind.question + "' does not have" + loader::did_you_mean(v, codes) +
              std::string("; expected one of: ") + loader::join(codes));
  }
}

}  // namespace

void check_references(const CheckContext& ctx) {
  const auto& q = ctx.questionnaire;
  const auto lists = names_of(q.lists);
  const auto scales = names_of(q.scales);
  for (const auto* question : q.questions()) {
    const std::string key = CheckContext::question_key(*question);
    if (!question->options_list.empty() && !q.lists.count(question->options_list))
      ctx.error(ctx.at(key + "/options"), loader::codes::kUnknownList,
                std::string("question '") + question->id + "' uses unknown list '" +
                    question->options_list + std::string("'") +
                    loader::did_you_mean(question->options_list, lists) +
                    expected_names(lists, "lists"));
    if (!question->scale.empty() && !q.scales.count(question->scale))
      ctx.error(ctx.at(key + "/scale"), loader::codes::kUnknownScale,
                std::string("question '") + question->id + "' uses unknown scale '" +
                    question->scale + "'" + loader::did_you_mean(question->scale, scales) +
                    expected_names(scales, "scales"));
  }
  for (size_t i = 0; i < q.indicators.size(); ++i) check_indicator(ctx, q.indicators[i], i);
  for (size_t i = 0; i < q.groups.size(); ++i) {
    const std::string& g = q.groups[i];
    Span span = ctx.at(std::string("groups/") + std::to_string(i));
    const model::Question* question = q.find_question(g);
    if (!question)
      ctx.error(span, loader::codes::kUnknownQuestion,
                std::string("'groups' names unknown question '") + g + "'" +
                    loader::did_you_mean(g, question_ids(q)) +
                    "; expected a single_choice question id");
    else if (question->type != model::QuestionType::SingleChoice)
      ctx.error(span, loader::codes::kBadGroup,
                std::string("'groups' entry '") + g + "' is a " +
                    std::string(model::to_string(question->type)) +
                    " question; expected a single_choice question");
  }
}

}  // namespace otos::validate
