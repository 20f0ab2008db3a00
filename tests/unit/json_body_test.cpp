// web/json_body: the API's request bodies, where Poco's parser alone gives wrong values or
// confusing messages.
#include "web/json_body.h"

#include <doctest/doctest.h>

#include <string>

using otos::web::parse_json_object;

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

TEST_CASE("values come in the shapes the answer checks read") {
  auto body = parse_json_object(
      R"({"s":"a\u00e4\ud83d\ude00","i":-42,"big":123456789012345678,"d":2.5,"e":1E3,)"
      R"("t":true,"f":false,"z":null,"a":["x",1],"o":{"r":"c"},"s":"last"})",
      32);
  REQUIRE(body.object);
  const Poco::JSON::Object& o = *body.object;
  CHECK(o.get("s").extract<std::string>() == "last");  // a key given twice: the last value
  CHECK(o.get("i").type() == typeid(Poco::Int64));
  CHECK(o.get("i").extract<Poco::Int64>() == -42);
  CHECK(o.get("big").extract<Poco::Int64>() == 123456789012345678);
  CHECK(o.get("d").extract<double>() == 2.5);
  CHECK(o.get("e").extract<double>() == 1000.0);
  CHECK(o.get("t").extract<bool>());
  CHECK_FALSE(o.get("f").extract<bool>());
  CHECK(o.get("z").isEmpty());
  REQUIRE(o.isArray("a"));
  CHECK(o.getArray("a")->size() == 2);
  CHECK(o.getArray("a")->get(0).extract<std::string>() == "x");
  REQUIRE(o.isObject("o"));
  CHECK(o.getObject("o")->getValue<std::string>("r") == "c");
  auto escaped = parse_json_object(R"({"s":"a\u00e4\ud83d\ude00\n\"\/"})", 32);
  REQUIRE(escaped.object);
  CHECK(escaped.object->getValue<std::string>("s") == "a\xC3\xA4\xF0\x9F\x98\x80\n\"/");
}

TEST_CASE("malformed bodies name what is wrong and the byte where it is") {
  auto error = [](const std::string& body) { return parse_json_object(body, 32).error; };
  CHECK(error(R"({"a":1,})") == "malformed JSON: expected a name in quotes at byte 8");
  CHECK(error(R"({"a" 1})") == "malformed JSON: expected ':' at byte 6");
  CHECK(error(R"({"a":1 "b":2})") == "malformed JSON: expected ',' or '}' at byte 8");
  CHECK(error(R"({"a":[1 2]})") == "malformed JSON: expected ',' or ']' at byte 9");
  CHECK(error(R"({"a":tru})") == "malformed JSON: an unknown word at byte 6");
  CHECK(error(R"({"a":01})") == "malformed JSON: expected ',' or '}' at byte 7");
  CHECK(error(R"({"a":.5})") == "malformed JSON: expected a value at byte 6");
  CHECK(error(R"({"a":"x\q"})") == "malformed JSON: a malformed string at byte 6");
  CHECK(error("{\"a\":\"x\ty\"}") == "malformed JSON: a malformed string at byte 6");
  CHECK(error(R"({"a":"\udc00"})") == "malformed JSON: a malformed string at byte 6");
  CHECK(error(R"({"a":1e999})") ==
        "malformed JSON: a number beyond the range of a double at byte 6");
  CHECK(error(R"({"a":1} x)") == "malformed JSON: text after the object at byte 9");
  CHECK(error(R"({"a":"x)") == "malformed JSON: the body ends too early");
  CHECK(error(R"({"a":[1,)") == "malformed JSON: the body ends too early");
  CHECK(error("  x") == "malformed JSON: expected an object at byte 3");
  std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(error(deep) == "malformed JSON: nested more than 32 levels deep at byte 37");
}
