// Exact sample quantiles by linear interpolation between order statistics (R's type 7,
// numpy's default). Pure arithmetic over a vector the caller owns.
#pragma once

#include <vector>

namespace otos::analysis {

// `sorted` ascending and non-empty; p in [0, 1]. h = (n - 1)·p, result
// x[floor h] + (h - floor h)·(x[floor h + 1] - x[floor h]).
double quantile_type7(const std::vector<double>& sorted, double p);

}  // namespace otos::analysis
