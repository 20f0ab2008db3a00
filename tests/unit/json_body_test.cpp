// web/json_body and engine/common/json_value: the API's request bodies read by otos's own strict
// JSON reader, with messages a client can act on.
#include "web/json_body.h"

#include <doctest/doctest.h>

#include <string>

#include "engine/common/json_value.h"

using otos::JsonObject;
using otos::JsonValue;
using otos::web::parse_json_object;

TEST_CASE("a 2^64 literal is read as a double, not wrapped to 0 as Poco's parser did") {
  auto body = parse_json_object(R"({"answers":{"n":18446744073709551616}})", 32);
  REQUIRE(body.ok());
  const JsonValue* n = body.object.find("answers")->object()->find("n");
  REQUIRE(n);
  CHECK(n->as_number() == doctest::Approx(1.8446744073709552e19));
}

TEST_CASE("bodies that are not one JSON object get a message a client can act on") {
  CHECK(parse_json_object("", 32).error == "malformed JSON: the body is empty");
  CHECK(parse_json_object(" \r\n", 32).error == "malformed JSON: the body is empty");
  for (const char* scalar : {"\"x\"", "1", "-2", "null", "true", "false", "[]", " [1,2]"}) {
    CAPTURE(scalar);
    CHECK(parse_json_object(scalar, 32).error == "the body must be a JSON object");
  }
  CHECK(parse_json_object("{\"a\":\"\xFF\"}", 32).error == "malformed JSON: the body is not UTF-8");
  CHECK(parse_json_object("{\"\xC3\":1}", 32).error == "malformed JSON: the body is not UTF-8");
  CHECK(parse_json_object("{\"a\":1}\xFF", 32).error == "malformed JSON: the body is not UTF-8");
  CHECK(parse_json_object("\xFF{}", 32).error == "malformed JSON: the body is not UTF-8");
  CHECK(parse_json_object("{\"a\":", 32).error.rfind("malformed JSON: ", 0) == 0);
  CHECK(parse_json_object("{\"a\":1}", 32).ok());
}

TEST_CASE("a UTF-8 byte order mark before the object is ignored") {
  auto body = parse_json_object("\xEF\xBB\xBF{\"answers\":{}}", 32);
  REQUIRE(body.ok());
  CHECK(body.object.find("answers"));
}

TEST_CASE("nesting deeper than the limit is malformed") {
  std::string deep(40, '[');
  deep = "{\"a\":" + deep + std::string(40, ']') + "}";
  CHECK(parse_json_object(deep, 32).error.rfind("malformed JSON: ", 0) == 0);
  CHECK(parse_json_object(deep, 64).ok());
}

TEST_CASE("values come in the shapes the answer checks read") {
  auto body =
      parse_json_object(R"({"s":"first","i":-42,"big":123456789012345678,"d":2.5,"e":1E3,)"
                        R"("t":true,"f":false,"z":null,"a":["x",1],"o":{"r":"c"},"s":"last"})",
                        32);
  REQUIRE(body.ok());
  const JsonObject& o = body.object;
  CHECK(o.size() == 10);
  CHECK(*o.find("s")->string() == "last");  // a name given twice: the last value
  CHECK(o.find("i")->as_number() == -42);
  CHECK(o.find("big")->as_number() == 123456789012345678.0);
  CHECK(o.find("d")->as_number() == 2.5);
  CHECK(o.find("e")->as_number() == 1000.0);
  CHECK(o.find("t")->is_bool());
  CHECK(o.find("t")->as_bool());
  CHECK_FALSE(o.find("f")->as_bool());
  CHECK_FALSE(o.find("f")->is_number());
  CHECK(o.find("z")->is_null());
  CHECK_FALSE(o.find("missing"));
  REQUIRE(o.find("a")->array());
  CHECK(o.find("a")->array()->size() == 2);
  CHECK(*(*o.find("a")->array())[0].string() == "x");
  REQUIRE(o.find("o")->object());
  CHECK(*o.find("o")->object()->find("r")->string() == "c");
  // Members iterate in name order, whatever order the body gave; numbers are doubles (the
  // 18-digit integer became the nearest one).
  std::string names;
  for (const auto& [name, value] : o) names += name + " ";
  CHECK(names == "a big d e f i o s t z ");
  CHECK(otos::to_json(JsonValue(o)) ==
        R"({"a":["x",1],"big":123456789012345680,"d":2.5,"e":1000,"f":false,"i":-42,)"
        R"("o":{"r":"c"},"s":"last","t":true,"z":null})");

  auto escaped = parse_json_object(R"({"s":"a\u00e4\ud83d\ude00\n\"\/"})", 32);
  REQUIRE(escaped.ok());
  CHECK(*escaped.object.find("s")->string() == "a\xC3\xA4\xF0\x9F\x98\x80\n\"/");
}

TEST_CASE("many members, names repeated: sorted, the last value of each name kept") {
  std::string body = "{";
  for (int i = 0; i < 100; ++i)
    body += "\"k" + std::to_string(99 - i % 50) + "\":" + std::to_string(i) + ",";
  body.back() = '}';
  auto parsed = parse_json_object(body, 32);
  REQUIRE(parsed.ok());
  CHECK(parsed.object.size() == 50);
  CHECK(parsed.object.find("k99")->as_number() == 50);  // given at i = 0 and i = 50
  CHECK(parsed.object.find("k50")->as_number() == 99);
  std::string previous;
  for (const auto& [name, value] : parsed.object) {
    CHECK(previous < name);
    previous = name;
  }
}

TEST_CASE("JsonObject::set adds in name order or replaces; remove drops") {
  JsonObject o;
  o.set("b", 1.0);
  o.set("a", "x");
  o.set("b", 2.0);
  CHECK(otos::to_json(JsonValue(o)) == R"({"a":"x","b":2})");
  o.remove("a");
  o.remove("nope");
  CHECK(otos::to_json(JsonValue(o)) == R"({"b":2})");
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
  CHECK(error(R"({"a":1} x)") == "malformed JSON: text after the value at byte 9");
  CHECK(error(R"({"a":"x)") == "malformed JSON: the body ends too early");
  CHECK(error(R"({"a":[1,)") == "malformed JSON: the body ends too early");
  CHECK(error("  x") == "malformed JSON: expected an object at byte 3");
  std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(error(deep) == "malformed JSON: nested more than 32 levels deep at byte 37");
}

TEST_CASE("parse_json reads any JSON value and writes it back canonically") {
  for (const char* text : {"null", "true", "-0.5", "\"x\"", "[]", "{}", "[1,[2,{\"a\":null}]]"}) {
    CAPTURE(text);
    auto parsed = otos::parse_json(text, 8);
    REQUIRE(parsed.ok());
    CHECK(otos::to_json(parsed.value) == text);
  }
  CHECK(otos::parse_json("[[[]]]", 2).error == "nested more than 2 levels deep at byte 3");
  // Every value counts, containers too: the array and two numbers are three.
  CHECK(otos::parse_json("[0,0]", 8, 3).ok());
  CHECK(otos::parse_json("[0,0,0]", 8, 3).error == "more than 3 values at byte 6");
  CHECK(parse_json_object(R"({"a":[1,{"b":2}]})", 8, 4).error ==
        "malformed JSON: more than 4 values at byte 14");
  CHECK(otos::parse_json("", 2).error == "the body ends too early");
}
