// Result tables as an Excel workbook (libxlsxwriter): a cover sheet (survey, version, date,
// response count, suppression rule), an indicators sheet, and one sheet per question with
// percentages formatted and labels in `lang`. With --by, each question sheet adds one block
// per group (suppressed groups shown as "<MIN_CELL>"). Writes to `path`; returns "" or an error.
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_xlsx(const Results& results, const std::string& lang,
                            const std::string& path, const std::string& date);

}  // namespace otos::analysis
