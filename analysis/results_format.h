// Figures for a reader (the text tables, the staff pages): percentages with one decimal and
// summary statistics with at most two, each rounded once, half away from zero, from the
// unrounded value. JSON, CSV and xlsx do not use these: they carry 4-decimal shares and numbers
// in full precision for further work. Also the mark of a suppressed cell, which all of them show.
#pragma once

#include <string>
#include <string_view>

namespace otos::analysis {

// A share 0..1 as a percentage with one decimal: 0.3125 -> "31.3%", 0.43448 -> "43.4%".
// `gap` goes between the number and the sign ("31.3 %" for the staff pages).
std::string percent_text(double share, std::string_view gap = "");

// A statistic rounded to at most two decimals, trailing zeros dropped:
// -42.220749999999995 -> "-42.22", 2.5 -> "2.5", 10 -> "10", -0.001 -> "0".
std::string reader_number(double value);

// The mark every output shows for a suppressed group, cell or indicator: "<5" for min_cell 5.
std::string suppressed_mark(int min_cell);

}  // namespace otos::analysis
