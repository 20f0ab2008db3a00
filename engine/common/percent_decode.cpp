// percent_decode (see percent_decode.h). Must not check what the bytes mean (UTF-8 and the like
// are the caller's rules).
#include "engine/common/percent_decode.h"

#include "engine/common/hex.h"

namespace otos {

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space, bool keep_broken) {
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      int hi = i + 2 < in.size() ? hex_digit(in[i + 1]) : -1;
      int lo = i + 2 < in.size() ? hex_digit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        if (!keep_broken) return false;
        out += c;
        continue;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return true;
}

}  // namespace otos
