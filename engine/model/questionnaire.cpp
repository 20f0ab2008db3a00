// Lookups over a loaded questionnaire; no parsing or validation here.
#include "engine/model/questionnaire.h"

#include <array>

namespace otos::model {
namespace {
constexpr std::array<std::pair<QuestionType, std::string_view>, 8> kTypeNames{{
    {QuestionType::SingleChoice, "single_choice"},
    {QuestionType::MultiChoice, "multi_choice"},
    {QuestionType::Likert, "likert"},
    {QuestionType::Matrix, "matrix"},
    {QuestionType::Number, "number"},
    {QuestionType::Text, "text"},
    {QuestionType::Date, "date"},
    {QuestionType::Info, "info"},
}};

class MapLookup : public expr::AnswerLookup {
 public:
  explicit MapLookup(const Answers& answers) : answers_(answers) {}
  const AnswerValue* find(std::string_view id) const override {
    auto it = answers_.find(id);
    return it == answers_.end() ? nullptr : &it->second;
  }

 private:
  const Answers& answers_;
};
}  // namespace

std::string_view to_string(QuestionType type) {
  for (const auto& [t, name] : kTypeNames)
    if (t == type) return name;
  return "text";
}

std::optional<QuestionType> question_type_from_string(std::string_view name) {
  for (const auto& [t, n] : kTypeNames)
    if (n == name) return t;
  return std::nullopt;
}

const Option* Question::find_option(std::string_view code) const {
  for (const auto& o : options)
    if (o.code == code) return &o;
  return nullptr;
}

const MatrixRow* Question::find_row(std::string_view row_id) const {
  for (const auto& r : rows)
    if (r.id == row_id) return &r;
  return nullptr;
}

void Questionnaire::build_index() {
  layout_cache = 0;
  ordered_.clear();
  by_id_.clear();
  size_t order = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (auto& q : pages[p].questions) {
      q.page = p;
      q.order = order++;
      ordered_.push_back(&q);
      by_id_.emplace(q.id, &q);  // first wins; duplicates are the validator's business
    }
  }
}

const Question* Questionnaire::find_question(std::string_view qid) const {
  auto it = by_id_.find(qid);
  return it == by_id_.end() ? nullptr : it->second;
}

const std::string& Questionnaire::default_language() const {
  static const std::string kEn = "en";
  return languages.empty() ? kEn : languages.front();
}

bool Questionnaire::is_open_on(std::string_view today) const {
  if (open && today < std::string_view(*open)) return false;
  if (close && today > std::string_view(*close)) return false;
  return true;
}

bool is_shown(const Question& question, const Answers& answers) {
  if (!question.show_if) return true;
  return expr::evaluate(*question.show_if, MapLookup(answers));
}

}  // namespace otos::model
