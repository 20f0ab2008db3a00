// HTML for the respondent side: the layout (skip link, language switcher, lang attribute), one
// questionnaire page with a proper control per question type, the error summary, the review step,
// the thank-you page, notices (closed, answered, 404, 403, 400, 413) and the list of open
// questionnaires. Every text from a questionnaire or a respondent is escaped here; fixed texts
// come from ui_text. Pure: inputs in, a whole HTML document out; no store, no HTTP.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/answers/answer_check.h"
#include "engine/model/questionnaire.h"
#include "web/form_state.h"

namespace otos::web {

// What every page's frame needs.
struct Frame {
  std::string lang;
  std::string title;                   // the <title>, without the site name
  std::vector<std::string> languages;  // offered by the switcher
  std::string switch_url;              // a URL ending in "?" or "&": the switcher appends lang=xx
  std::string content;                 // the HTML inside <main>
};
std::string render_layout(const Frame& frame);

struct PageView {
  const model::Questionnaire* q = nullptr;
  std::string lang;
  std::string path;  // "/s/id" or "/s/id/token" (URL-encoded)
  std::string csrf;
  size_t page = 0;
  std::vector<const model::Question*> questions;
  ControlValues values;
  std::vector<answers::AnswerError> errors;  // only errors of questions in `questions`
  size_t position = 1, total = 1;            // progress: this page's place among those shown
  bool first = true;
  bool more_questions = false;  // questions appeared because of this page's answers
  bool invitation = false;
  Groups groups;             // the invitation's groups: never rendered
  std::string answers_json;  // the answers so far with groups, for form.js's show_if
};
std::string render_page(const PageView& view);

struct ReviewView {
  const model::Questionnaire* q = nullptr;
  std::string lang;
  std::string path;
  std::string csrf;
  std::vector<size_t> pages;  // shown pages
  Answers answers;            // with the invitation's groups
  Groups groups;
  bool invitation = false;
};
std::string render_review(const ReviewView& view);

std::string render_thanks(const model::Questionnaire& q, const std::string& lang,
                          const std::string& response_id);

// A notice page: a heading, one paragraph and a link to the front page. `title` and `body` are
// plain text. `languages` for the switcher; `switch_url` as in Frame.
std::string render_notice(const std::string& lang, const std::vector<std::string>& languages,
                          const std::string& switch_url, const std::string& title,
                          const std::string& body, const std::string& heading_context = "");

struct IndexEntry {
  std::string ref;  // what goes into /s/REF
  std::string title;
  std::string description;
  std::string close;  // "" when open-ended
};
std::string render_index(const std::string& lang, const std::vector<IndexEntry>& entries);

// The hint under a question, as plain text in `lang`: its help, then what its type implies (at
// most N choices, N characters, the date format, the number range). The staff preview shows the
// same words.
std::string hint_text(const model::Questionnaire& q, const model::Question& question,
                      const std::string& lang);

// The answer as the review shows it: option labels, "row: label" lines for a matrix.
std::string answer_text(const model::Question& question, const AnswerValue& value,
                        const std::string& lang, const std::string& fallback);

}  // namespace otos::web
