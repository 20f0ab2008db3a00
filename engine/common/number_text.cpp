// See number_text.h. std::to_chars with chars_format::fixed and no precision gives the shortest
// round-trip digits without an exponent, which is what a person expects to read and retype.
#include "engine/common/number_text.h"

#include <charconv>
#include <cmath>

namespace otos {

std::string plain_number(double v) {
  if (!std::isfinite(v)) return "";
  const double a = std::fabs(v);
  const bool plain = a == 0 || (a >= 1e-9 && a < 1e21);
  char buf[64];  // fixed: at most 21 integer digits, or 9 zeros and 17 digits after the point
  auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                         : std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "";
  return std::string(buf, end);
}

}  // namespace otos
