// Number summaries: Boost.Accumulators for sum/mean/variance, exact quantiles by selection.
#include "analysis/number_summary.h"

#include <algorithm>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/sum.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <cmath>

#include "analysis/quantiles.h"

namespace otos::analysis {

namespace acc = boost::accumulators;

NumberSummary NumberCollector::summarise() {
  NumberSummary out;
  out.n = count();
  if (values_.empty()) return out;
  acc::accumulator_set<
      double, acc::stats<acc::tag::count, acc::tag::sum, acc::tag::mean, acc::tag::variance>>
      a;
  for (double v : values_) a(v);
  out.sum = acc::sum(a);
  out.mean = acc::mean(a);
  if (out.n >= 2) {
    // Boost's variance is the population variance (divides by n); scale to n - 1.
    const double n = static_cast<double>(out.n);
    const double var = acc::variance(a) * n / (n - 1.0);
    out.sd = std::sqrt(std::max(0.0, var));
  }
  const auto [lowest, highest] = std::minmax_element(values_.begin(), values_.end());
  out.min = *lowest;
  out.max = *highest;
  place_order_statistics(values_, {0.25, 0.5, 0.75});
  out.p25 = quantile_type7(values_, 0.25);
  out.median = quantile_type7(values_, 0.5);
  out.p75 = quantile_type7(values_, 0.75);
  return out;
}

}  // namespace otos::analysis
