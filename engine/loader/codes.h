// The stable diagnostic codes of the loader and the validator, in one place.
// docs/validator-messages.md lists each with its message template; tests assert them.
// Codes are never renamed once released (scripts may match them).
#pragma once

#include <string_view>

namespace otos::loader::codes {

// Input and YAML
inline constexpr std::string_view kCannotRead = "cannot-read";
inline constexpr std::string_view kFileTooLarge = "file-too-large";
inline constexpr std::string_view kEmptyFile = "empty-file";
inline constexpr std::string_view kNotUtf8 = "not-utf8";
inline constexpr std::string_view kControlCharacter = "control-character";
inline constexpr std::string_view kYamlSyntax = "yaml-syntax";
inline constexpr std::string_view kYamlAnchor = "yaml-anchor";
inline constexpr std::string_view kYamlTooDeep = "yaml-too-deep";
inline constexpr std::string_view kYamlTooLarge = "yaml-too-large";
inline constexpr std::string_view kYamlMultipleDocuments = "yaml-multiple-documents";
inline constexpr std::string_view kDuplicateKey = "duplicate-key";

// Structure
inline constexpr std::string_view kUnknownKey = "unknown-key";
inline constexpr std::string_view kKeyNotAllowed = "key-not-allowed";
inline constexpr std::string_view kMissingKey = "missing-key";
inline constexpr std::string_view kWrongType = "wrong-type";
inline constexpr std::string_view kUnknownQuestionType = "unknown-question-type";
inline constexpr std::string_view kBadValue = "bad-value";
inline constexpr std::string_view kInvalidId = "invalid-id";
inline constexpr std::string_view kEmptyList = "empty-list";

// Rules (engine/validate)
inline constexpr std::string_view kDuplicateId = "duplicate-id";
inline constexpr std::string_view kMissingLanguage = "missing-language";
inline constexpr std::string_view kUndeclaredLanguage = "undeclared-language";
inline constexpr std::string_view kUnknownList = "unknown-list";
inline constexpr std::string_view kUnknownScale = "unknown-scale";
inline constexpr std::string_view kUnknownQuestion = "unknown-question";
inline constexpr std::string_view kUnknownCode = "unknown-code";
inline constexpr std::string_view kBadGroup = "bad-group";
inline constexpr std::string_view kBadIndicator = "bad-indicator";
inline constexpr std::string_view kMinGreaterThanMax = "min-greater-than-max";
inline constexpr std::string_view kOutOfRange = "out-of-range";
inline constexpr std::string_view kBadPattern = "bad-pattern";
inline constexpr std::string_view kBadDate = "bad-date";
inline constexpr std::string_view kOpenAfterClose = "open-after-close";

}  // namespace otos::loader::codes

#include <string>

#include "engine/common/diagnostic.h"

namespace otos::loader {

// Builds a diagnostic field by field (brace-initialising it trips GCC 12's
// -Wmaybe-uninitialized false positive).
inline Span make_span(const std::string& file, int line, int column) {
  Span s;
  s.file = file;
  s.line = line;
  s.column = column;
  return s;
}
inline Diagnostic make_diagnostic(std::string_view code, Span span, std::string message) {
  Diagnostic d;
  d.code = std::string(code);
  d.span = std::move(span);
  d.message = std::move(message);
  return d;
}

}  // namespace otos::loader
