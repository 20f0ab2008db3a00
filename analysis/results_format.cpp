// Reader-facing number formatting (see results_format.h).
#include "analysis/results_format.h"

#include <cstdio>

#include "analysis/wilson.h"

namespace otos::analysis {

std::string percent_text(double share, std::string_view gap) {
  // Tenths of a percent in one step: rounding the share to 4 decimals first and then the
  // percentage again would round twice (0.3125 -> 0.3125 -> 31.2 under half-to-even).
  const double tenths = round_half_away(share * 1000.0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", tenths / 10.0);
  std::string out = buf;
  out += gap;
  out += '%';
  return out;
}

std::string reader_number(double value) {
  const double hundredths = round_half_away(value * 100.0);
  if (hundredths == 0) return "0";  // not "-0" for a small negative value
  char buf[400];                    // %.2f of the largest double has 309 digits before the point
  std::snprintf(buf, sizeof buf, "%.2f", hundredths / 100.0);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

std::string suppressed_mark(int min_cell) {
  std::string mark(1, '<');  // not "<" + to_string(): GCC 12's -Wrestrict false positive
  mark += std::to_string(min_cell);
  return mark;
}

}  // namespace otos::analysis
