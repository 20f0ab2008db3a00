// The stable codes of answer errors (AnswerError::code). Clients and tests match on these, so a
// code is never renamed; a new rule gets a new code. Messages live in messages.cpp.
#pragma once

#include <string_view>

namespace otos::answers::codes {

inline constexpr std::string_view kRequired = "required";
inline constexpr std::string_view kWrongType = "wrong-type";
inline constexpr std::string_view kNotACode = "not-a-code";
inline constexpr std::string_view kTooMany = "too-many";
inline constexpr std::string_view kNotInteger = "not-integer";
inline constexpr std::string_view kTooSmall = "too-small";
inline constexpr std::string_view kTooLarge = "too-large";
inline constexpr std::string_view kTooLong = "too-long";
inline constexpr std::string_view kPattern = "pattern";
inline constexpr std::string_view kBadDate = "bad-date";
inline constexpr std::string_view kUnknownRow = "unknown-row";
inline constexpr std::string_view kUnknownQuestion = "unknown-question";
inline constexpr std::string_view kNoAnswerExpected = "no-answer-expected";
inline constexpr std::string_view kControlCharacter = "control-character";
inline constexpr std::string_view kExclusive = "exclusive";

}  // namespace otos::answers::codes
