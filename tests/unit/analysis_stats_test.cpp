// Wilson intervals, type-7 quantiles and number summaries against hand-computed values.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/number_summary.h"
#include "analysis/quantiles.h"
#include "analysis/wilson.h"

using namespace otos::analysis;

TEST_CASE("wilson 618/772 matches the contract's example") {
  // p = 0.800518; z² = 3.841459; n = 772
  // centre = p + z²/2n = 0.800518 + 0.002488 = 0.803006; denom = 1 + z²/n = 1.004976
  // half = z·sqrt(p(1-p)/n + z²/4n²) = 1.959964·sqrt(0.000206706 + 0.0000016114) = 0.028272
  // low = (0.803006 - 0.028272)/1.004976 = 0.770872, high = 0.827188
  const Interval ci = wilson(618, 772);
  CHECK(round_to(ci.low, 4) == 0.7709);
  CHECK(round_to(ci.high, 4) == 0.8272);
  CHECK(ci.low == doctest::Approx(0.7708718869443809).epsilon(1e-12));
  CHECK(ci.high == doctest::Approx(0.8271884444863421).epsilon(1e-12));
}

TEST_CASE("wilson 301/772 gives the contract's [0.3561, 0.4248]") {
  const Interval ci = wilson(301, 772);
  CHECK(round_to(ci.low, 4) == 0.3561);
  CHECK(round_to(ci.high, 4) == 0.4248);
}

TEST_CASE("wilson at the edges: 0/10 and 10/10, and n = 0") {
  // 0/10: low = 0, high = z²/n / (1 + z²/n) = 0.384146/1.384146 = 0.277533
  const Interval zero = wilson(0, 10);
  CHECK(zero.low == 0.0);
  CHECK(round_to(zero.high, 4) == 0.2775);
  const Interval all = wilson(10, 10);
  CHECK(round_to(all.low, 4) == 0.7225);
  CHECK(round_to(all.high, 4) == 1.0);
  const Interval none = wilson(0, 0);
  CHECK(none.low == 0.0);
  CHECK(none.high == 0.0);
}

TEST_CASE("round_to rounds half away from zero at 4 decimals") {
  CHECK(round_to(0.38989637, 4) == 0.3899);
  CHECK(round_to(0.66666, 4) == 0.6667);
  CHECK(round_to(1.0, 4) == 1.0);
}

TEST_CASE("type-7 quantiles with ties") {
  // x = 1 2 2 2 3 10 (n = 6). p25: h = 5·0.25 = 1.25 -> x[1] + 0.25·(x[2]-x[1]) = 2
  // median: h = 2.5 -> x[2] + 0.5·(x[3]-x[2]) = 2; p75: h = 3.75 -> 2 + 0.75·(3-2) = 2.75
  const std::vector<double> x{1, 2, 2, 2, 3, 10};
  CHECK(quantile_type7(x, 0.25) == 2.0);
  CHECK(quantile_type7(x, 0.5) == 2.0);
  CHECK(quantile_type7(x, 0.75) == 2.75);
  CHECK(quantile_type7(x, 0.0) == 1.0);
  CHECK(quantile_type7(x, 1.0) == 10.0);
}

TEST_CASE("type-7 quantiles interpolate: 1 2 3 4") {
  // p25: h = 0.75 -> 1.75; median h = 1.5 -> 2.5; p75 h = 2.25 -> 3.25 (numpy's default)
  const std::vector<double> x{1, 2, 3, 4};
  CHECK(quantile_type7(x, 0.25) == 1.75);
  CHECK(quantile_type7(x, 0.5) == 2.5);
  CHECK(quantile_type7(x, 0.75) == 3.25);
}

TEST_CASE("type-7 quantiles with n = 1 are the value itself") {
  const std::vector<double> x{7};
  CHECK(quantile_type7(x, 0.25) == 7.0);
  CHECK(quantile_type7(x, 0.5) == 7.0);
  CHECK(quantile_type7(x, 0.75) == 7.0);
}

TEST_CASE("quantiles by selection equal quantiles of the sorted values") {
  // A fixed pseudo-random stream with many ties; every n from 1 to 60.
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 16) % 17);
  };
  for (size_t n = 1; n <= 60; ++n) {
    std::vector<double> values;
    for (size_t k = 0; k < n; ++k) values.push_back(next());
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    place_order_statistics(values, {0.25, 0.5, 0.75});
    CAPTURE(n);
    for (double p : {0.25, 0.5, 0.75})
      CHECK(quantile_type7(values, p) == quantile_type7(sorted, p));
    std::sort(values.begin(), values.end());
    CHECK(values == sorted);  // reordered, nothing lost or changed
  }
}

TEST_CASE("number summary: sample sd with n - 1") {
  // 2 4 4 4 5 5 7 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, /7 = 4.571429,
  // sd = 2.138090
  NumberCollector c;
  for (double v : {2, 4, 4, 4, 5, 5, 7, 9}) c.add(v);
  const NumberSummary s = c.summarise();
  CHECK(s.n == 8);
  CHECK(s.sum == 40.0);
  CHECK(*s.mean == 5.0);
  CHECK(*s.sd == doctest::Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-12));
  CHECK(*s.min == 2.0);
  CHECK(*s.max == 9.0);
  // p25: h = 7·0.25 = 1.75 -> 4; median h = 3.5 -> 4.5; p75 h = 5.25 -> 5 + 0.25·2 = 5.5
  CHECK(*s.p25 == 4.0);
  CHECK(*s.median == 4.5);
  CHECK(*s.p75 == 5.5);
}

TEST_CASE("number summary with n = 1: sd is undefined, the rest is the value") {
  NumberCollector c;
  c.add(3.5);
  const NumberSummary s = c.summarise();
  CHECK(s.n == 1);
  CHECK(*s.mean == 3.5);
  CHECK_FALSE(s.sd.has_value());
  CHECK(*s.median == 3.5);
}

TEST_CASE("number summary with n = 0 has only n and sum") {
  NumberCollector c;
  const NumberSummary s = c.summarise();
  CHECK(s.n == 0);
  CHECK(s.sum == 0.0);
  CHECK_FALSE(s.mean.has_value());
  CHECK_FALSE(s.min.has_value());
}
