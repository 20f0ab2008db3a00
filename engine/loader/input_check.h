// Checks raw bytes before any YAML parsing: size limit, empty file, UTF-8, control characters.
// Must stay cheap (one pass) and must not know YAML or the questionnaire format.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostic.h"

namespace otos::loader {

inline constexpr size_t kMaxFileBytes = 10 * 1024 * 1024;

// Empty result: the text may be parsed. Codes: file-too-large, empty-file, not-utf8,
// control-character (only the first bad byte is reported: the rest would be noise).
std::vector<Diagnostic> check_input(std::string_view text, const std::string& file);

}  // namespace otos::loader
