// Type-7 quantiles over a sorted vector.
#include "analysis/quantiles.h"

#include <cmath>
#include <cstddef>

namespace otos::analysis {

double quantile_type7(const std::vector<double>& sorted, double p) {
  const size_t n = sorted.size();
  if (n == 1) return sorted[0];
  const double h = static_cast<double>(n - 1) * p;
  const double lo = std::floor(h);
  const size_t i = static_cast<size_t>(lo);
  if (i + 1 >= n) return sorted[n - 1];
  return sorted[i] + (h - lo) * (sorted[i + 1] - sorted[i]);
}

}  // namespace otos::analysis
