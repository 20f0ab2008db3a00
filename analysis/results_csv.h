// Result tables as one tidy CSV table: survey, version, group, question, row, option, count, n,
// share, ci_low, ci_high, value. One line per option (choice questions, matrix rows, indicators
// with option ""), and per statistic for number/date/text questions (option = the statistic's
// name, its figure in `value`). Suppressed groups: count "<MIN_CELL>", the rest empty.
// With a trend, every wave's overall lines follow, oldest first. Shares rounded to 4 decimals.
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_csv(const Results& results);

}  // namespace otos::analysis
