// The JSON form of the result tables (CONTRACT §5), identical for `otos results --format json`
// and GET /api/v1/surveys/{id}/results. Shares and ci95 bounds are rounded half away from zero to
// 4 decimals; number statistics are printed exactly (shortest form). Unknown values are null.
// Writes only; computes nothing.
#pragma once

#include <string>

#include "analysis/results.h"

namespace otos::analysis {

std::string results_to_json(const Results& results);

}  // namespace otos::analysis
