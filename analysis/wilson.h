// Wilson score interval for a binomial share (CONTRACT §5: ci95 with z = 1.959963984540054).
// Pure arithmetic; knows nothing of questionnaires or output formats.
#pragma once

#include <cstdint>

namespace otos::analysis {

inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// count successes out of n trials. n == 0 gives {0, 0} (callers print null for it).
// low = (p + z²/2n - z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), high with +; clamped to [0, 1].
Interval wilson(int64_t count, int64_t n, double z = kZ95);

// Rounds half away from zero to a whole number. A value within 1e-9 of a half counts as the
// half: count / n is not exact in binary (29 / 80 * 1000 lands a hair under 362.5), and such a
// tie must round the same as an exact one (1 / 8 * 1000 = 125).
double round_half_away(double value);

// Rounds half away from zero to `decimals` places (shares and intervals use 4).
double round_to(double value, int decimals);

}  // namespace otos::analysis
