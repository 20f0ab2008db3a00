// Reading an API request body that must be one JSON object, with errors a client can act on.
// The body is read by otos's own strict reader (engine/common/json_cursor) straight into Poco's
// JSON objects, which the answer checks take: Poco's parser cost a fifth of the server's CPU per
// response (a value stack, a copy of every value, a stream read per byte), and got some inputs
// wrong for us: integer literals too long for 64 bits wrapped modulo 2^64, bytes that are not
// UTF-8 called an unterminated string, valid JSON that is not an object reported as a stack error.
// Values: objects as JSON::Object::Ptr, arrays as JSON::Array::Ptr, strings as std::string,
// integers of at most 18 digits as Int64, other numbers as double, true/false as bool, null as
// an empty Var; of a key given twice, the last value counts. A leading UTF-8 byte order mark is
// ignored (RFC 8259 §8.1). No HTTP and no questionnaire knowledge here.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace otos::web {

struct JsonBody {
  Poco::JSON::Object::Ptr object;  // set on success
  std::string error;               // else the 400 message
};

// Parses `body` as one JSON object nested at most `max_depth` deep (the object itself is 1).
JsonBody parse_json_object(std::string_view body, size_t max_depth);

}  // namespace otos::web
