// Result tables as one tidy CSV table: survey, version, group, question, row, option, count, n,
// share, ci_low, ci_high, value. One line per option (choice questions, matrix rows, indicators
// with option ""), and per statistic for number/date/text questions (option = the statistic's
// name, its figure in `value`). Suppressed groups and indicators: count "<MIN_CELL>", the rest
// empty; a suppressed option cell: count "<MIN_CELL>" and its table's n, no share.
// With a trend, every wave's lines in version order, oldest first; the chosen wave's --by groups
// follow its own lines. Shares rounded to 4 decimals. Only text cells (ids, codes, dates) get
// the formula-injection guard; numbers never do (-93.42 stays -93.42).
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_csv(const Results& results);

}  // namespace otos::analysis
