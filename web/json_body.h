// Reading an API request body that must be one JSON object, with errors a client can act on.
// Poco's JSON parser is used underneath; this file covers what it gets wrong for us: a leading
// UTF-8 byte order mark (allowed by RFC 8259 §8.1 to be ignored), bodies that are valid JSON but
// not an object (Poco's message is about its internal stack), bytes that are not UTF-8 (Poco
// calls them an unterminated string), and integer literals too long for 64 bits, which Poco
// wraps modulo 2^64 (18446744073709551616 became 0) instead of refusing.
// No HTTP and no questionnaire knowledge here.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace otos::web {

struct JsonBody {
  Poco::JSON::Object::Ptr object;  // set on success
  std::string error;               // else the 400 message
};

// Parses `body` as one JSON object nested at most `max_depth` deep.
JsonBody parse_json_object(std::string_view body, size_t max_depth);

// `json` with ".0" after every integer literal of more than 18 digits outside strings, so that
// a parser reads it as a double (whose range checks then apply) instead of wrapping it; nullopt
// when there is none (the common case: nothing is copied).
std::optional<std::string> widen_long_integers(std::string_view json);

}  // namespace otos::web
