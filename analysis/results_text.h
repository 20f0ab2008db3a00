// Result tables as aligned plain text for a terminal, labels in `lang` (falling back to the
// questionnaire's default language). Shares printed as percentages with one decimal; suppressed
// groups shown as "<MIN_CELL>". Writes only.
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_text(const Results& results, const std::string& lang);

}  // namespace otos::analysis
