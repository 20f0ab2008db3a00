// The scalar answer types (number, text, date), called by check_value once the value is known not
// to be empty. Internal to engine/answers; `text` is null when the raw value is not a string.
#pragma once

#include <string>

#include "engine/answers/value_checks.h"

namespace otos::answers {

Verdict check_number(const model::Question& q, const JsonValue& raw, const ValueOptions& options,
                     AnswerValue* out, AnswerError* error);
Verdict check_text(const model::Question& q, const std::string* text, const ValueOptions& options,
                   AnswerValue* out, AnswerError* error);
Verdict check_date(const std::string* text, const ValueOptions& options, AnswerValue* out,
                   AnswerError* error);

}  // namespace otos::answers
