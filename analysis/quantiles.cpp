// Type-7 quantiles over a sorted vector.
#include "analysis/quantiles.h"

#include <algorithm>
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

void place_order_statistics(std::vector<double>& values, const std::vector<double>& ps) {
  const size_t n = values.size();
  std::vector<size_t> positions;
  for (double p : ps) {
    const auto i = static_cast<size_t>(std::floor(static_cast<double>(n - 1) * p));
    positions.push_back(std::min(i, n - 1));
    if (i + 1 < n) positions.push_back(i + 1);
  }
  std::sort(positions.begin(), positions.end());
  // After nth_element at k nothing right of k is smaller than x[k]: the next position up is
  // selected among the rest only.
  auto first = values.begin();
  for (size_t k : positions) {
    const auto at = values.begin() + static_cast<std::ptrdiff_t>(k);
    if (at < first) continue;  // placed already
    std::nth_element(first, at, values.end());
    first = at + 1;
  }
}

}  // namespace otos::analysis
