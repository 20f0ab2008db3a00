// Figures for a reader (results_format.h) and the half-away-from-zero rounding under them.
#include <doctest/doctest.h>

#include "analysis/results_format.h"
#include "analysis/wilson.h"

using namespace otos::analysis;

TEST_CASE("percent_text rounds once from the unrounded share, half away from zero") {
  CHECK(percent_text(10.0 / 32.0) == "31.3%");          // 31.25: half-to-even gave 31.2
  CHECK(percent_text(0.43448246478317476) == "43.4%");  // via 0.4345 it gave 43.5
  CHECK(percent_text(29.0 / 80.0) == "36.3%");          // 36.25, a hair under it in binary
  CHECK(percent_text(1.0 / 8.0) == "12.5%");
  CHECK(percent_text(0) == "0.0%");
  CHECK(percent_text(1) == "100.0%");
  CHECK(percent_text(2.0 / 3.0, " ") == "66.7 %");
}

TEST_CASE("round_half_away and round_to: ties of count / n round up") {
  CHECK(round_half_away(2.5) == 3);
  CHECK(round_half_away(-2.5) == -3);
  CHECK(round_half_away(2.4999) == 2);
  CHECK(round_half_away(29.0 / 80.0 * 1000.0) == 363);
  CHECK(round_to(0.00005, 4) == 0.0001);
  CHECK(round_to(-0.00001, 4) == 0);
}

TEST_CASE("reader_number: at most two decimals, trailing zeros dropped, no -0") {
  CHECK(reader_number(-42.220749999999995) == "-42.22");
  CHECK(reader_number(2.5) == "2.5");
  CHECK(reader_number(10) == "10");
  CHECK(reader_number(1.005) == "1.01");  // 1.00499999999999989... in binary, a tie for us
  CHECK(reader_number(1.2909944487358056) == "1.29");
  CHECK(reader_number(-0.001) == "0");
  CHECK(reader_number(1234567.891) == "1234567.89");
}

TEST_CASE("suppressed_mark shows the survey's min_cell") {
  CHECK(suppressed_mark(5) == "<5");
  CHECK(suppressed_mark(10) == "<10");
}
