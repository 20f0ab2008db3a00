// web/json_body: the API's request bodies, where Poco's parser alone gives wrong values or
// confusing messages.
#include "web/json_body.h"

#include <doctest/doctest.h>

#include <string>

using otos::web::parse_json_object;
using otos::web::widen_long_integers;

TEST_CASE("integers longer than 18 digits are widened to doubles, strings untouched") {
  CHECK_FALSE(widen_long_integers(R"({"a":123456789012345678,"b":-1.5e300,"c":"x"})"));
  CHECK(*widen_long_integers(R"({"n":18446744073709551616})") == R"({"n":18446744073709551616.0})");
  CHECK(*widen_long_integers("[-99999999999999999999, 1]") == "[-99999999999999999999.0, 1]");
  // Digits inside strings, escaped quotes included, are not numbers.
  CHECK_FALSE(widen_long_integers(R"({"s":"18446744073709551616","t":"\"1234567890123456789"})"));
  CHECK(*widen_long_integers(R"({"s":"a\\","n":1234567890123456789})") ==
        R"({"s":"a\\","n":1234567890123456789.0})");
  // A long literal that is already a double stays as it is.
  CHECK_FALSE(widen_long_integers("[18446744073709551616.5, 1e19999999999999999999]"));
}

TEST_CASE("a 2^64 literal is read as a double, not wrapped to 0 as Poco's parser does") {
  auto body = parse_json_object(R"({"answers":{"n":18446744073709551616}})", 32);
  REQUIRE(body.object);
  const double n = body.object->getObject("answers")->getValue<double>("n");
  CHECK(n == doctest::Approx(1.8446744073709552e19));
}

TEST_CASE("bodies that are not one JSON object get a message a client can act on") {
  CHECK(parse_json_object("", 32).error == "malformed JSON: the body is empty");
  CHECK(parse_json_object(" \r\n", 32).error == "malformed JSON: the body is empty");
  for (const char* scalar : {"\"x\"", "1", "-2", "null", "true", "false", "[]", " [1,2]"}) {
    CAPTURE(scalar);
    CHECK(parse_json_object(scalar, 32).error == "the body must be a JSON object");
  }
  CHECK(parse_json_object("{\"a\":\"\xFF\"}", 32).error == "malformed JSON: the body is not UTF-8");
  CHECK(parse_json_object("{\"a\":", 32).error.rfind("malformed JSON: ", 0) == 0);
  CHECK(parse_json_object("{\"a\":1}", 32).object);
}

TEST_CASE("a UTF-8 byte order mark before the object is ignored") {
  auto body = parse_json_object("\xEF\xBB\xBF{\"answers\":{}}", 32);
  REQUIRE(body.object);
  CHECK(body.object->has("answers"));
}

TEST_CASE("nesting deeper than the limit is malformed") {
  std::string deep(40, '[');
  deep = "{\"a\":" + deep + std::string(40, ']') + "}";
  CHECK(parse_json_object(deep, 32).error.rfind("malformed JSON: ", 0) == 0);
  CHECK(parse_json_object(deep, 64).object);
}
