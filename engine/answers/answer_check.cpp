// check_answers: one pass over the raw object to find each answer's question (unknown ids are
// errors), then one walk in document order that evaluates show_if on the answers kept so far,
// drops answers to hidden questions, checks each value (value_checks) and `required`.
// Errors come in document order, then the unknown ids in key order. Must not: know HTTP, forms
// or CSV (callers build the raw object), or allocate on the valid path beyond the result.
#include "engine/answers/answer_check.h"

#include <algorithm>

#include "engine/answers/codes.h"
#include "engine/answers/messages.h"
#include "engine/answers/value_checks.h"

namespace otos::answers {
namespace {

// A 1 MiB body can hold 170,000 made-up ids: report the first ones, not a 30 MB error list.
constexpr size_t kMaxUnknownErrors = 100;

bool required_here(const model::Question& q, const CheckOptions& options) {
  if (!q.required || !q.asks()) return false;
  return options.pages.empty() ||
         std::find(options.pages.begin(), options.pages.end(), q.page) != options.pages.end();
}

// For a required matrix with some rows answered: the rows still missing, or "" when none.
std::string missing_rows(const model::Question& q, const AnswerValue& value) {
  const auto* rows = std::get_if<MatrixAnswer>(&value);
  if (!rows || rows->size() == q.rows.size()) return {};
  std::string out;
  size_t listed = 0;
  for (const auto& row : q.rows) {
    if (rows->find(row.id) != rows->end()) continue;
    if (listed == 10) {
      out += ", …";
      break;
    }
    if (listed++ > 0) out += ", ";
    out += row.id;
  }
  return out;
}

}  // namespace

CheckResult check_answers(const model::Questionnaire& questionnaire, const JsonObject& raw,
                          const CheckOptions& options) {
  CheckResult result;
  const Lang lang = lang_from(options.lang);
  const auto& questions = questionnaire.questions();

  // The raw value of each question, by its document order. Reused per thread: no allocation
  // per request once warm.
  thread_local std::vector<const JsonValue*> given;
  given.assign(questions.size(), nullptr);
  std::vector<AnswerError> unknown;
  for (const auto& [id, value] : raw) {
    const model::Question* q = questionnaire.find_question(id);
    if (!q || q->order >= given.size()) {
      if (unknown.size() == kMaxUnknownErrors) continue;
      unknown.push_back({id, std::string(codes::kUnknownQuestion),
                         format(lang, Message::UnknownQuestion, {clip(id)})});
      continue;
    }
    given[q->order] = &value;
  }

  const ValueOptions value_options{lang, options.numbers_as_strings};
  for (const model::Question* q : questions) {
    // Hidden: its answer is dropped without a word, and it is never required.
    if (!model::is_shown(*q, result.answers)) continue;
    const JsonValue* raw_value = given[q->order];
    AnswerValue value;
    AnswerError error;
    const Verdict verdict = raw_value ? check_value(*q, *raw_value, value_options, &value, &error)
                                      : Verdict::Unanswered;
    if (verdict == Verdict::Invalid) {
      error.question = q->id;
      result.errors.push_back(std::move(error));
      continue;
    }
    if (verdict == Verdict::Unanswered) {
      if (required_here(*q, options))
        result.errors.push_back(
            {q->id, std::string(codes::kRequired), format(lang, Message::Required)});
      continue;
    }
    if (q->type == model::QuestionType::Matrix && required_here(*q, options)) {
      // A required matrix is answered only when every row is.
      std::string missing = missing_rows(*q, value);
      if (!missing.empty()) {
        result.errors.push_back(
            {q->id, std::string(codes::kRequired), format(lang, Message::RequiredRows, {missing})});
        continue;
      }
    }
    result.answers.emplace(q->id, std::move(value));
  }
  given.clear();

  for (auto& e : unknown) result.errors.push_back(std::move(e));
  return result;
}

}  // namespace otos::answers
