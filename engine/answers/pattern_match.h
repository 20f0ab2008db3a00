// Whole-value matching of a text question's `pattern` (ECMAScript std::regex), compiled once per
// pattern text and shared by every thread: check_answers runs per request, and compiling a regex
// costs far more than matching it. Never throws and never overflows the caller's stack, which
// may be a server thread's small one (256 KiB); see pattern_match.cpp for how.
#pragma once

#include <string_view>

namespace otos::answers {

// True when the whole of `text` matches `pattern`. A pattern that does not compile (the validator
// refuses those) matches everything: an answer is never refused for the author's mistake.
bool pattern_matches(std::string_view pattern, std::string_view text);

// How many compiled patterns the cache holds (for tests).
size_t pattern_cache_size();

}  // namespace otos::answers
