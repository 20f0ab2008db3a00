// check_value: the dispatch by question type, and the coded types (single_choice, likert,
// multi_choice, matrix). Numbers, texts and dates are in scalar_checks.cpp. One error per question:
// the first problem found, so that a form shows one message per field.
#include "engine/answers/value_checks.h"

#include "engine/answers/codes.h"
#include "engine/answers/scalar_checks.h"

namespace otos::answers {

namespace {

Verdict fail(AnswerError* error, std::string_view code, std::string message) {
  error->code = code;
  error->message = std::move(message);
  return Verdict::Invalid;
}

Verdict check_single(const model::Question& q, const std::string* code, const ValueOptions& o,
                     AnswerValue* out, AnswerError* error) {
  if (!code) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectCode));
  if (!q.find_option(*code))
    return fail(error, codes::kNotACode,
                format(o.lang, Message::NotACode, {clip(*code), list_codes(q.options)}));
  *out = *code;
  return Verdict::Answered;
}

Verdict check_multi(const model::Question& q, const JsonArray* items, const ValueOptions& o,
                    AnswerValue* out, AnswerError* error) {
  if (!items) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectCodes));
  for (const auto& item : *items) {
    const std::string* code = item.string();
    if (!code) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectCodes));
    if (code->empty()) continue;  // a form's "nothing ticked" placeholder
    if (!q.find_option(*code))
      return fail(error, codes::kNotACode,
                  format(o.lang, Message::NotACode, {clip(*code), list_codes(q.options)}));
  }
  // Stored in option order, each code once: the same choices always store the same value.
  Codes chosen;
  for (const auto& option : q.options) {
    for (const auto& item : *items) {
      if (*item.string() == option.code) {
        chosen.push_back(option.code);
        break;
      }
    }
  }
  if (chosen.empty()) return Verdict::Unanswered;
  if (q.max_choices && chosen.size() > static_cast<size_t>(*q.max_choices))
    return fail(error, codes::kTooMany,
                format(o.lang, Message::TooMany,
                       {std::to_string(chosen.size()), std::to_string(*q.max_choices)}));
  if (chosen.size() > 1) {  // "none" or "don't know" beside a real choice contradicts itself
    for (const auto& code : chosen) {
      const model::Option* option = q.find_option(code);
      if (option && option->exclusive)
        return fail(error, codes::kExclusive,
                    format(o.lang, Message::Exclusive,
                           {option->label.in(lang_code(o.lang), option->code)}));
    }
  }
  *out = std::move(chosen);
  return Verdict::Answered;
}

Verdict check_matrix(const model::Question& q, const JsonObject* cells, const ValueOptions& o,
                     AnswerValue* out, AnswerError* error) {
  if (!cells) return fail(error, codes::kWrongType, format(o.lang, Message::ExpectMatrix));
  MatrixAnswer rows;
  for (const auto& [row, value] : *cells) {
    if (!q.find_row(row))
      return fail(error, codes::kUnknownRow,
                  format(o.lang, Message::UnknownRow, {clip(row), list_rows(q.rows)}));
    if (is_empty_value(value)) continue;  // this row left unanswered
    const std::string* code = value.string();
    if (!code)
      return fail(
          error, codes::kWrongType,
          format(o.lang, Message::RowPrefix, {clip(row)}) + format(o.lang, Message::ExpectCode));
    if (!q.find_option(*code))
      return fail(error, codes::kNotACode,
                  format(o.lang, Message::RowPrefix, {clip(row)}) +
                      format(o.lang, Message::NotACode, {clip(*code), list_codes(q.options)}));
    rows.emplace_hint(rows.end(), row, *code);  // the object iterates in key order
  }
  if (rows.empty()) return Verdict::Unanswered;
  *out = std::move(rows);
  return Verdict::Answered;
}

}  // namespace

bool is_empty_value(const JsonValue& raw) {
  switch (raw.kind()) {
    case JsonValue::Kind::Null:
      return true;
    case JsonValue::Kind::String:
      return raw.string()->empty();
    case JsonValue::Kind::Array:
      return raw.array()->empty();
    case JsonValue::Kind::Object:
      return raw.object()->empty();
    default:
      return false;
  }
}

Verdict check_value(const model::Question& q, const JsonValue& raw, const ValueOptions& options,
                    AnswerValue* out, AnswerError* error) {
  if (is_empty_value(raw)) return Verdict::Unanswered;
  switch (q.type) {
    case model::QuestionType::SingleChoice:
    case model::QuestionType::Likert:
      return check_single(q, raw.string(), options, out, error);
    case model::QuestionType::MultiChoice:
      return check_multi(q, raw.array(), options, out, error);
    case model::QuestionType::Matrix:
      return check_matrix(q, raw.object(), options, out, error);
    case model::QuestionType::Number:
      return check_number(q, raw, options, out, error);
    case model::QuestionType::Text:
      return check_text(q, raw.string(), options, out, error);
    case model::QuestionType::Date:
      return check_date(raw.string(), options, out, error);
    case model::QuestionType::Info:
      return fail(error, codes::kNoAnswerExpected, format(options.lang, Message::NoAnswerExpected));
  }
  return Verdict::Unanswered;
}

}  // namespace otos::answers
