// Charts of the results page as inline SVG, drawn on the server (no script): horizontal bars
// with the 95 % interval as whiskers, and trend lines over the waves. Readable without colour:
// every bar and point carries its value as text, bars are hatched, and each trend series has
// its own marker shape and dash pattern plus a legend; <title> and <desc> give screen readers
// the figures. Labels come in unescaped and are escaped here. Pure: numbers in, markup out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/wilson.h"

namespace otos::web::staff {

struct BarDatum {
  std::string label;
  std::optional<double> share;  // 0..1; none: no bar (suppressed, or nothing to share)
  analysis::Interval ci;
  std::string value_text;  // shown right of the plot, e.g. "38.9 % (n 772)" or "<5"
};

// `id` must be unique in the page (it names the hatch pattern and the title/desc elements).
std::string bar_chart(const std::string& id, const std::string& title,
                      const std::vector<BarDatum>& bars);

struct TrendPoint {
  double share = 0;  // 0..1
  analysis::Interval ci;
};

struct TrendSeries {
  std::string label;
  std::vector<std::optional<TrendPoint>> points;  // one per version; none: not in that wave
};

std::string trend_chart(const std::string& id, const std::string& title,
                        const std::vector<int>& versions, const std::vector<TrendSeries>& series);

}  // namespace otos::web::staff
