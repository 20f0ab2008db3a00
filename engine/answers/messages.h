// Answer error messages in Finnish, Swedish and English: one template per message and language,
// with {1}, {2} for the values. Each message says what was expected. Only the error path calls
// these, so they may allocate. Must not decide what is an error: that is value_checks' job.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/questionnaire.h"

namespace otos::answers {

enum class Lang { En, Fi, Sv };

// "fi" and "sv" pick those; anything else is English.
Lang lang_from(std::string_view code);
// "en", "fi" or "sv".
std::string_view lang_code(Lang lang);

enum class Message {
  Required,          // an answer is required
  RequiredRows,      // {1} = the rows left unanswered
  ExpectCode,        // wrong type, single_choice / likert / a matrix cell
  ExpectCodes,       // wrong type, multi_choice
  ExpectNumber,      // wrong type, number
  ExpectText,        // wrong type, text
  ExpectUtf8,        // a text that is not valid UTF-8
  ControlCharacter,  // a text with a control character (not tab, CR or LF)
  ExpectDate,        // wrong type, date
  ExpectMatrix,      // wrong type, matrix
  RowPrefix,         // {1} = row id; goes before a message about one matrix row
  NotACode,          // {1} = value, {2} = the codes
  TooMany,           // {1} = chosen, {2} = max_choices
  Exclusive,         // {1} = the label of an option that may only be chosen alone
  Whole,             // a whole number
  WholeBetween,      // {1} = min, {2} = max
  WholeAtLeast,      // {1} = min
  WholeAtMost,       // {1} = max
  NumberBetween,     // {1} = min, {2} = max
  NumberAtLeast,     // {1} = min
  NumberAtMost,      // {1} = max
  TooLong,           // {1} = length, {2} = max_length
  Pattern,           // {1} = the pattern
  BadDate,           // {1} = value
  UnknownRow,        // {1} = row, {2} = the rows
  UnknownQuestion,   // {1} = question id
  NoAnswerExpected,  // info question
};

// The template filled with `args` ({1} is the first). A missing argument leaves "".
std::string format(Lang lang, Message message, std::initializer_list<std::string_view> args = {});

// What a number question expects, given its integer/min/max: "expected a whole number between
// 0 and 100". Used for not-integer, too-small and too-large alike, so each says the whole rule.
std::string number_expectation(Lang lang, const model::Question& question);

// A number as the language writes it: shortest exact digits, decimal comma in fi and sv.
std::string format_number(Lang lang, double value);

// A respondent's value quoted in a message: at most 40 characters, then "…".
std::string clip(std::string_view value);

// "a, b, c" from the option codes (at most 10, then "…").
std::string list_codes(const std::vector<model::Option>& options);
// "r1, r2" from the matrix rows (at most 10, then "…").
std::string list_rows(const std::vector<model::MatrixRow>& rows);

}  // namespace otos::answers
