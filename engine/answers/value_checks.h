// One raw answer (a JsonValue from JSON, a form or a CSV row) checked against its
// question and turned into a typed AnswerValue. Knows nothing of other answers: visibility,
// `required` and unknown ids are answer_check.cpp's business.
#pragma once

#include <optional>
#include <string_view>

#include "engine/answers/answer_check.h"
#include "engine/answers/messages.h"
#include "engine/common/json_value.h"
#include "engine/common/utf8.h"
#include "engine/model/questionnaire.h"

namespace otos::answers {

enum class Verdict {
  Unanswered,  // null, "", [], {} (a matrix whose cells are all empty too)
  Answered,    // *out holds the typed value
  Invalid,     // *error holds code and message (not the question id)
};

struct ValueOptions {
  Lang lang = Lang::En;
  bool numbers_as_strings = false;
};

Verdict check_value(const model::Question& question, const JsonValue& raw,
                    const ValueOptions& options, AnswerValue* out, AnswerError* error);

// True for null, "", an empty array and an empty object: what counts as no answer at all.
bool is_empty_value(const JsonValue& raw);

// A number typed in a form: trimmed, `-` (or U+2212), digits, one `.` or `,` (the Finnish and
// Swedish decimal comma): "3", " 3.5 ", "3,5", "-2", ".5". The whole part may be grouped by
// threes with a space (or a no-break, narrow or thin space): "12 500", "1 234 567,5"; in English
// also with commas: "12,500", "1,234.5" (but "2,5" and "0,125" are decimals in every language).
// No exponent, nothing else.
std::optional<double> parse_form_number(std::string_view text, Lang lang);

// "YYYY-MM-DD" naming a real day of the Gregorian calendar.
bool is_calendar_date(std::string_view text);

// Characters as a reader counts them (UTF-8 code points), or nullopt when `text` is not valid
// UTF-8. The JSON parser refuses such text already; forms and CSV files could still bring it.
using otos::utf8_length;

// True when `text` holds a control character other than tab, line feed and carriage return
// (C0 or DEL): nothing a person types, and XML (the xlsx export) cannot carry them.
bool has_control_character(std::string_view text);

}  // namespace otos::answers
