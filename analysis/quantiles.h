// Exact sample quantiles by linear interpolation between order statistics (R's type 7,
// numpy's default). Pure arithmetic over a vector the caller owns.
#pragma once

#include <vector>

namespace otos::analysis {

// `sorted` ascending and non-empty; p in [0, 1]. h = (n - 1)·p, result
// x[floor h] + (h - floor h)·(x[floor h + 1] - x[floor h]). Only those two positions are read, so
// a vector where they hold their order statistics (place_order_statistics) does as well.
double quantile_type7(const std::vector<double>& sorted, double p);

// Reorders `values` (non-empty) so that the positions quantile_type7 reads for each p in `ps`
// hold the values a full sort would put there: selection (std::nth_element) from the lowest
// position up, O(n) for a few quantiles where a sort is O(n log n).
void place_order_statistics(std::vector<double>& values, const std::vector<double>& ps);

}  // namespace otos::analysis
