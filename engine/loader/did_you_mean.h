// "did you mean 'X'?" suggestions by edit distance. Pure string code; no YAML, no model.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace otos::loader {

// Edit distance counting adjacent swaps as one edit; bounded work: strings over 64 characters count
// as far apart.
size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance of 1 for words of up to 3 letters,
// else max(2, |word|/3), or "" when none is close.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace otos::loader
