// Every fixed text of the respondent interface (buttons, progress, notices, error pages) in
// Finnish, Swedish and English, and the choice of language for a request. Questionnaire texts
// come from the model, never from here. A language other than fi/sv/en gets the English text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace otos::web {

enum class Ui {
  SkipToContent,
  LanguageNav,
  SiteName,
  IndexTitle,
  IndexIntro,
  IndexEmpty,
  IndexOpenUntil,  // "{close}" is the closing date
  Next,
  Back,
  Review,  // the button on the last page: go to the review step
  Submit,
  Change,
  ProgressPage,  // "Page {n} of {total}": use progress_text()
  ReviewTitle,
  ReviewIntro,
  ReviewNotAnswered,
  ThanksTitle,
  ThanksBody,
  ResponseId,
  ErrorSummaryTitle,
  ErrorPrefix,  // "Error:" before the <title> of a page with errors
  Required,     // "(required)" after a question's text
  Optional,
  MaxChoices,  // "Choose at most {n}": use max_choices_text()
  MaxLength,   // "At most {n} characters": use max_length_text()
  DateHint,
  NewQuestionsAppeared,
  DraftSavedInvitation,
  AnsweredTitle,
  AnsweredBody,
  NotOpenTitle,
  NotYetOpenBody,
  ClosedBody,
  NotFoundTitle,
  NotFoundBody,
  ForbiddenTitle,
  ForbiddenBody,
  BadRequestTitle,
  BadRequestBody,
  TooLargeTitle,
  TooLargeBody,
  ServerErrorTitle,
  ServerErrorBody,
  StartAgain,
  FrontPage,
  InvitationOnlyTitle,
  InvitationOnlyBody,  // keep last: the unit test walks every key up to it
};

// The text of `key` in `lang` (fi, sv, en; anything else gets en).
const std::string& ui(std::string_view lang, Ui key);

std::string progress_text(std::string_view lang, size_t page, size_t total);
std::string max_choices_text(std::string_view lang, int n);
std::string max_length_text(std::string_view lang, int n);

// A language's own name ("suomi", "svenska", "English"); the code itself when unknown.
std::string language_name(std::string_view lang);

// The interface languages otos has texts for, in order.
const std::vector<std::string>& ui_languages();

// The language for a request: `query_lang` when it is one of `available`, else the first entry of
// Accept-Language (by q weight, then order; "sv-FI" matches "sv") that is available, else
// available[0]. `available` must not be empty.
std::string negotiate_language(std::string_view query_lang, std::string_view accept_language,
                               const std::vector<std::string>& available);

}  // namespace otos::web

namespace otos::web {

// "2026-03-31" as the language writes it: 31.3.2026 (fi, sv), 31 March 2026 (en). A text that
// is not such a date comes back unchanged.
std::string format_date(std::string_view lang, std::string_view iso);

// A text with "{name}" replaced by value.
std::string fill(std::string text, std::string_view name, std::string_view value);

}  // namespace otos::web
