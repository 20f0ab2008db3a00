// The value of one hexadecimal digit, for the decoders that read escapes: %XX in URLs
// (percent_decode) and \uXXXX in JSON (answer_value, analysis/flat_answers). Either case.
#pragma once

namespace otos {

// 0..15, or -1 when `c` is not a hex digit.
constexpr int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace otos
