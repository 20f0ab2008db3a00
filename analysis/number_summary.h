// Summary of a number question: n, sum, mean, sample sd (n - 1), min, p25, median, p75, max.
// Moments via Boost.Accumulators; quantiles exact (type 7) over the kept values.
// Holds every value (8 bytes each) until summarise(); knows nothing of questionnaires.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace otos::analysis {

struct NumberSummary {
  int64_t n = 0;
  double sum = 0;
  // Unset when n == 0. sd is unset also when n == 1 (the sample sd needs two values).
  std::optional<double> mean, sd, min, p25, median, p75, max;
};

class NumberCollector {
 public:
  void add(double v) { values_.push_back(v); }
  int64_t count() const { return static_cast<int64_t>(values_.size()); }
  // Sorts the kept values in place; call once.
  NumberSummary summarise();

 private:
  std::vector<double> values_;
};

}  // namespace otos::analysis
