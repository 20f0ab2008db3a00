// visible_questions: show_if walked in document order, where an answer to a question that is
// itself hidden counts as no answer for the questions after it. Reads `answers` in place through
// a lookup instead of copying the visible ones: forms call this on every page view.
#include <vector>

#include "engine/answers/answer_check.h"

namespace otos::answers {
namespace {

// Answers of questions that come before `before` and were shown; null for anything else.
class ShownAnswers : public expr::AnswerLookup {
 public:
  ShownAnswers(const model::Questionnaire& q, const Answers& answers,
               const std::vector<char>& shown)
      : q_(q), answers_(answers), shown_(shown) {}

  const AnswerValue* find(std::string_view id) const override {
    const model::Question* question = q_.find_question(id);
    if (!question || question->order >= shown_.size() || !shown_[question->order]) return nullptr;
    auto it = answers_.find(id);
    return it == answers_.end() ? nullptr : &it->second;
  }

 private:
  const model::Questionnaire& q_;
  const Answers& answers_;
  const std::vector<char>& shown_;  // by question order; filled up to the question being decided
};

}  // namespace

std::vector<const model::Question*> visible_questions(const model::Questionnaire& questionnaire,
                                                      const Answers& answers) {
  const auto& questions = questionnaire.questions();
  std::vector<const model::Question*> out;
  out.reserve(questions.size());
  std::vector<char> shown;
  shown.reserve(questions.size());
  const ShownAnswers lookup(questionnaire, answers, shown);
  for (const model::Question* q : questions) {
    const bool visible = !q->show_if || expr::evaluate(*q->show_if, lookup);
    shown.push_back(visible ? 1 : 0);
    if (visible) out.push_back(q);
  }
  return out;
}

}  // namespace otos::answers
