// Reading an API request body that must be one JSON object, with errors a client can act on.
// The body is read by engine/common's strict JSON reader (parse_json), whose values the answer
// checks take; what this file adds is the API's view of a body: a leading UTF-8 byte order mark
// is ignored (RFC 8259 §8.1), and an empty body, bytes that are not UTF-8 and valid JSON that is
// not an object each get their own message. No HTTP and no questionnaire knowledge here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/common/json_value.h"

namespace otos::web {

struct JsonBody {
  JsonObject object;  // the body, when error is empty
  std::string error;  // else the 400 message
  bool ok() const { return error.empty(); }
};

// Parses `body` as one JSON object nested at most `max_depth` deep (the object itself is 1) and
// holding at most `max_values` values (see parse_json).
JsonBody parse_json_object(std::string_view body, size_t max_depth,
                           size_t max_values = static_cast<size_t>(-1));

}  // namespace otos::web
