// Result tables as aligned plain text for a terminal, labels in `lang` (falling back to the
// questionnaire's default language). Shares printed as percentages with one decimal and number
// statistics with at most two (results_format.h); suppressed groups, option cells and
// indicators shown as "<MIN_CELL>". With a trend: the indicators and the option shares with one
// column per wave, oldest first. Writes only.
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_text(const Results& results, const std::string& lang);

}  // namespace otos::analysis
