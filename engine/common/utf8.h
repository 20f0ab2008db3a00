// UTF-8 well-formedness (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), the
// one decoder every part of otos uses: the YAML input check, answer checks, form fields, and the
// JSON writer that must never send a byte that is not UTF-8. Pure functions over bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace otos {

// Length (1 to 4) of the well-formed sequence that starts at s[i], or 0 when none does.
size_t utf8_sequence_length(std::string_view s, size_t i);

// Characters as a reader counts them (code points), or nullopt when `s` is not UTF-8.
std::optional<size_t> utf8_length(std::string_view s);

bool is_valid_utf8(std::string_view s);

}  // namespace otos
