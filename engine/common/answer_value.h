// Typed answer values, as stored and as analysed, and their canonical JSON form.
// The question's type says how to read a value: single_choice/likert a code (string),
// multi_choice codes (vector), number a double, text and date a string ("YYYY-MM-DD"),
// matrix row id -> code. This header must not know the questionnaire model.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace otos {

using Codes = std::vector<std::string>;
using MatrixAnswer = std::map<std::string, std::string, std::less<>>;
using AnswerValue = std::variant<std::string, Codes, double, MatrixAnswer>;
// Only answered questions appear; ordered by question id.
using Answers = std::map<std::string, AnswerValue, std::less<>>;

// Canonical compact JSON: {"q":"code","m":["a","b"],"n":12.5,"x":{"row":"code"}}.
// Numbers that are integers print without a decimal point; others with up to 17 significant digits.
std::string answers_to_json(const Answers& answers);

// Parses JSON written by answers_to_json (and any JSON object of the same shapes).
// Returns nullopt on malformed input; never throws. Fast: used to read millions of stored rows.
std::optional<Answers> answers_from_json(std::string_view json);

// JSON string escaping (quotes included), shared by every JSON writer in otos. A byte that starts
// no well-formed UTF-8 sequence is written as U+FFFD, so what otos sends is always UTF-8.
void append_json_string(std::string& out, std::string_view s);
// Shortest exact decimal form of a double as JSON (integers without ".0"; NaN/inf as null).
void append_json_number(std::string& out, double v);

}  // namespace otos
