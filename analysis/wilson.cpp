// Wilson score interval and the rounding every writer applies to shares.
#include "analysis/wilson.h"

#include <algorithm>
#include <cmath>

namespace otos::analysis {

Interval wilson(int64_t count, int64_t n, double z) {
  if (n <= 0) return {};
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(count) / nn;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / nn;
  const double centre = p + z2 / (2.0 * nn);
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
  return {std::clamp((centre - half) / denom, 0.0, 1.0),
          std::clamp((centre + half) / denom, 0.0, 1.0)};
}

double round_half_away(double value) {
  const double whole = std::floor(std::fabs(value) + 0.5 + 1e-9);
  return value < 0 && whole != 0 ? -whole : whole;  // never -0
}

double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return round_half_away(value * scale) / scale;
}

}  // namespace otos::analysis
