// Numbers written for people (form hints and values, messages, previews): the shortest digits
// that read back as the same double, never in exponent form within the range a questionnaire
// uses (100000, not 1e+05; 0.0001, not 1e-04). JSON keeps append_json_number's form.
#pragma once

#include <string>

namespace otos {

// "100000", "2.5", "-0.25", "0". Outside 1e-9 <= |v| < 1e21 the exponent form ("1e+300"), since
// the digits would be too many to read; NaN and infinities give "".
std::string plain_number(double v);

}  // namespace otos
