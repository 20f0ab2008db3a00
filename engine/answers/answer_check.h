// Answer checks, written once and used by the JSON API, the HTML forms and the importer.
// Input is raw JSON-shaped values (a JsonObject: the API body's "answers", or an object built
// from form fields or a CSV row); output is typed Answers plus one error per bad answer.
// Rules come only from the model: value type per question type, codes in options/scale/list,
// max_choices, integer/min/max, max_length/pattern, valid dates, matrix rows and codes, required,
// unknown question ids; show_if is evaluated in document order on the answers kept so far, and a
// hidden question is never required and its answer is dropped.
// Details every caller can rely on:
// - null, "", [] and {} are no answer (a matrix cell too); a multi_choice stores its codes once
//   each, in option order; a number is stored as a double.
// - At most one error per question (the first problem found), in document order, then one
//   "unknown-question" error per unknown id in key order (the first 100). Codes:
//   engine/answers/codes.h.
// - An answer that fails is not kept, so show_if of later questions sees it as unanswered.
// - Cheap: ~1.5 us for a 13-answer response on the bundled survey; patterns compile once.
//   Thread-safe; never throws on any raw value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/answer_value.h"
#include "engine/common/json_value.h"
#include "engine/model/questionnaire.h"

namespace otos::answers {

struct AnswerError {
  std::string question;  // question id ("" for the whole body)
  std::string code;      // stable: "required", "not-a-code", "wrong-type", "too-many", ...
  std::string message;   // in the requested language (fi, sv, en)
};

struct CheckResult {
  Answers answers;  // typed, hidden answers dropped; empty strings/arrays count as unanswered
  std::vector<AnswerError> errors;
  bool ok() const { return errors.empty(); }
};

struct CheckOptions {
  std::string lang = "en";
  // Only these pages are checked for `required` (forms check one page at a time);
  // empty means every page (the API and the importer).
  std::vector<size_t> pages;
  // Forms send strings for numbers; when true, a numeric string is accepted for a number question:
  // trimmed, "3", "-2", "3.5" or "3,5" (Finnish decimal comma); a blank one is no answer.
  bool numbers_as_strings = false;
};

CheckResult check_answers(const model::Questionnaire& questionnaire, const JsonObject& raw,
                          const CheckOptions& options = {});

// The questions shown given `answers`, in document order (show_if evaluated in order, an answer
// to a hidden question ignored for later ones).
std::vector<const model::Question*> visible_questions(const model::Questionnaire& questionnaire,
                                                      const Answers& answers);

}  // namespace otos::answers
