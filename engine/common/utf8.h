// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), the
// one decoder every part of otos uses: the YAML input check, answer checks, form fields, and the
// JSON writer that must never send a byte that is not UTF-8. Pure functions over bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace otos {

// Length (1 to 4) of the well-formed sequence that starts at s[i], or 0 when none does.
size_t utf8_sequence_length(std::string_view s, size_t i);

// Characters as a reader counts them (code points), or nullopt when `s` is not UTF-8.
std::optional<size_t> utf8_length(std::string_view s);

bool is_valid_utf8(std::string_view s);

// The 1-based number of the first line (lines end at LF) holding a byte that is not UTF-8, or 0
// when all of `s` is UTF-8: for "line N is not UTF-8" errors about uploaded files.
size_t first_non_utf8_line(std::string_view s);

// Appends code point `cp` (at most U+10FFFF) in UTF-8: for the JSON readers' \uXXXX escapes.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace otos
