// Unit tests of the canonical answers JSON: writer, parser, round trips, escapes, Unicode and
// malformed input (nullopt, never an exception), plus a throughput measurement printed as a note.
#include "engine/common/answer_value.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <limits>

#include "engine/common/hex.h"
#include "engine/common/number_text.h"
#include "engine/common/utf8.h"

using otos::Answers;
using otos::AnswerValue;
using otos::Codes;
using otos::MatrixAnswer;

namespace {

std::string num(double v) {
  std::string s;
  otos::append_json_number(s, v);
  return s;
}

std::string str(std::string_view v) {
  std::string s;
  otos::append_json_string(s, v);
  return s;
}

}  // namespace

TEST_CASE("answers_to_json writes compact canonical JSON ordered by question id") {
  Answers a;
  a["q"] = std::string("code");
  a["m"] = Codes{"a", "b"};
  a["n"] = 12.5;
  a["x"] = MatrixAnswer{{"row2", "c2"}, {"row1", "c1"}};
  a["i"] = 12.0;
  CHECK(otos::answers_to_json(a) ==
        R"({"i":12,"m":["a","b"],"n":12.5,"q":"code","x":{"row1":"c1","row2":"c2"}})");
  CHECK(otos::answers_to_json(Answers{}) == "{}");
  Answers empty_values;
  empty_values["m"] = Codes{};
  empty_values["x"] = MatrixAnswer{};
  CHECK(otos::answers_to_json(empty_values) == R"({"m":[],"x":{}})");
}

TEST_CASE("append_json_number: shortest exact form, integers without a decimal point") {
  CHECK(num(0) == "0");
  CHECK(num(-3) == "-3");
  CHECK(num(12.5) == "12.5");
  CHECK(num(0.1) == "0.1");
  CHECK(num(1.0 / 3.0) == "0.3333333333333333");
  CHECK(num(123456789012) == "123456789012");
  CHECK(num(1e21) == "1e+21");
  CHECK(num(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(num(std::numeric_limits<double>::infinity()) == "null");
  CHECK(num(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("append_json_string escapes quotes, backslashes and control characters") {
  CHECK(str("plain") == "\"plain\"");
  CHECK(str("a\"b\\c") == R"("a\"b\\c")");
  CHECK(str("l1\nl2\r\t\b\f") == R"("l1\nl2\r\t\b\f")");
  CHECK(str(std::string_view("\x01\x1f", 2)) == R"("\u0001\u001f")");
  CHECK(str(std::string_view("nul\0x", 5)) == R"("nul\u0000x")");
  CHECK(str("Åbo ÄÖ 😀") == "\"Åbo ÄÖ 😀\"");
  CHECK(str("a/b") == "\"a/b\"");
}

TEST_CASE("plain_number: shortest digits for people, no exponent in a questionnaire's range") {
  using otos::plain_number;
  CHECK(plain_number(100000) == "100000");
  CHECK(plain_number(1e8) == "100000000");
  CHECK(plain_number(2.5) == "2.5");
  CHECK(plain_number(-0.25) == "-0.25");
  CHECK(plain_number(0) == "0");
  CHECK(plain_number(0.0001) == "0.0001");
  CHECK(plain_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(plain_number(1e21) == "1e+21");
  CHECK(plain_number(1e-12) == "1e-12");
  CHECK(plain_number(std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("utf8: the first line that is not UTF-8, and code points written back") {
  CHECK(otos::first_non_utf8_line("a\nb\n") == 0u);
  CHECK(otos::first_non_utf8_line("\xFF") == 1u);
  CHECK(otos::first_non_utf8_line("name\nP\xE4ivi\n") == 2u);
  CHECK(otos::first_non_utf8_line("ok\n\xC3\xA4\nx\n\xC3") == 4u);
  std::string out;
  for (uint32_t cp : {0x41u, 0xE4u, 0x20ACu, 0x1F600u}) otos::append_utf8(out, cp);
  CHECK(out == "A\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(otos::hex_digit('7') == 7);
  CHECK(otos::hex_digit('b') == 11);
  CHECK(otos::hex_digit('F') == 15);
  CHECK(otos::hex_digit('g') == -1);
}

TEST_CASE("append_json_string writes U+FFFD for every byte that is not UTF-8") {
  // Error messages quote what a client sent (a survey id from the path, say): JSON stays UTF-8.
  CHECK(str("\xFF") == "\"\xEF\xBF\xBD\"");
  CHECK(str("a\xC3") == "\"a\xEF\xBF\xBD\"");
  CHECK(str("\xC3\xA4\xC3") == "\"\xC3\xA4\xEF\xBF\xBD\"");
  CHECK(str("\xED\xA0\x80x") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx\"");  // a surrogate
  CHECK(str("\xE2\x82\xAC\x80") == "\"\xE2\x82\xAC\xEF\xBF\xBD\"");
}

TEST_CASE("answers_from_json reads every answer shape") {
  auto a = otos::answers_from_json(
      R"( { "q" : "code", "m":["a","b"], "n": -12.5e1, "x": {"r1":"c1","r2":"c2"}, "e": [], "o": {} } )");
  REQUIRE(a);
  CHECK(a->size() == 6);
  CHECK(std::get<std::string>(a->at("q")) == "code");
  CHECK(std::get<Codes>(a->at("m")) == Codes{"a", "b"});
  CHECK(std::get<double>(a->at("n")) == -125.0);
  CHECK(std::get<MatrixAnswer>(a->at("x")) == MatrixAnswer{{"r1", "c1"}, {"r2", "c2"}});
  CHECK(std::get<Codes>(a->at("e")).empty());
  CHECK(std::get<MatrixAnswer>(a->at("o")).empty());
  CHECK(otos::answers_from_json("{}")->empty());
  CHECK(otos::answers_from_json(" \n{ }\t")->empty());
}

TEST_CASE("answers_from_json: null is an unanswered question, a repeated key keeps the last") {
  auto a = otos::answers_from_json(R"({"a":null,"b":"x","b":"y","c":"z","c":null})");
  REQUIRE(a);
  CHECK(a->size() == 1);
  CHECK(std::get<std::string>(a->at("b")) == "y");
}

TEST_CASE("round trip keeps every value exactly") {
  Answers a;
  a["text"] = std::string("quote \" backslash \\ newline \n tab \t ctrl \x01 ÅÄÖ 😀 €");
  a["pi"] = 3.141592653589793;
  a["tiny"] = 5e-324;
  a["big"] = 1.7976931348623157e308;
  a["neg"] = -0.1;
  a["int"] = 9007199254740993.0;
  a["codes"] = Codes{"x\"y", "", "ü"};
  a["matrix"] = MatrixAnswer{{"r\n1", "c\\1"}, {"", "empty row"}};
  std::string json = otos::answers_to_json(a);
  auto back = otos::answers_from_json(json);
  REQUIRE(back);
  CHECK(*back == a);
  CHECK(otos::answers_to_json(*back) == json);
}

TEST_CASE("unicode escapes decode to UTF-8, surrogate pairs included") {
  auto a = otos::answers_from_json(R"({"a":"\u00e5\u20AC\ud83d\ude00\/\"","\u0071":"k"})");
  REQUIRE(a);
  CHECK(std::get<std::string>(a->at("a")) == "å€😀/\"");
  CHECK(std::get<std::string>(a->at("q")) == "k");
  auto nul = otos::answers_from_json(R"({"a":"x\u0000y"})");
  REQUIRE(nul);
  CHECK(std::get<std::string>(nul->at("a")) == std::string("x\0y", 3));
}

TEST_CASE("malformed or unsupported input gives nullopt") {
  const char* bad[] = {
      "",
      "   ",
      "[]",
      "\"q\"",
      "12",
      "null",
      "{",
      "}",
      "{\"a\"}",
      "{\"a\":}",
      "{\"a\":\"b\",}",
      "{\"a\":\"b\"} x",
      "{\"a\":\"b\"}{}",
      "{a:\"b\"}",
      "{'a':'b'}",
      "{\"a\":\"b}",
      "{\"a\":\"b\\\"}",
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":\"\\u12G4\"}",
      "{\"a\":\"\\ud83d\"}",
      "{\"a\":\"\\ude00\"}",
      "{\"a\":\"\\ud83d\\u0041\"}",
      "{\"a\":\"tab\there\"}",
      "{\"a\":true}",
      "{\"a\":false}",
      "{\"a\":nul}",
      "{\"a\":[1,2]}",
      "{\"a\":[\"x\",]}",
      "{\"a\":[\"x\"}",
      "{\"a\":[[\"x\"]]}",
      "{\"a\":{\"r\":1}}",
      "{\"a\":{\"r\":\"c\",}}",
      "{\"a\":{\"r\":{\"x\":\"y\"}}}",
      "{\"a\":01}",
      "{\"a\":1.}",
      "{\"a\":.5}",
      "{\"a\":+1}",
      "{\"a\":1e}",
      "{\"a\":-}",
      "{\"a\":1e999}",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":0x10}",
  };
  for (const char* s : bad) {
    INFO("input: " << s);
    CHECK_FALSE(otos::answers_from_json(s).has_value());
  }
}

TEST_CASE("invalid UTF-8 inside strings gives nullopt") {
  const std::string bad[] = {
      "{\"a\":\"\xff\"}",               // not a lead byte
      "{\"a\":\"\xc3\"}",               // truncated
      "{\"a\":\"\xc0\xaf\"}",           // overlong
      "{\"a\":\"\xed\xa0\x80\"}",       // encoded surrogate
      "{\"a\":\"\xf4\x90\x80\x80\"}",   // beyond U+10FFFF
      "{\"a\":\"\xe2\x82\"}",           // truncated 3-byte
      std::string("{\"a\":\"\x80\"}"),  // lone continuation
  };
  for (const auto& s : bad) CHECK_FALSE(otos::answers_from_json(s).has_value());
  CHECK(otos::answers_from_json("{\"a\":\"\xf0\x9f\x98\x80\xe2\x82\xac\"}").has_value());
}

TEST_CASE("every truncation of a valid document is rejected, and nothing throws") {
  std::string json = R"({"a":"x\u00e5y","b":["c","d"],"n":-1.5e-3,"m":{"r":"c"}})";
  REQUIRE(otos::answers_from_json(json));
  for (size_t n = 0; n < json.size(); ++n) {
    INFO("prefix length " << n);
    CHECK_FALSE(otos::answers_from_json(std::string_view(json).substr(0, n)).has_value());
  }
  // Every single-byte corruption either parses or gives nullopt; none throws.
  for (size_t i = 0; i < json.size(); ++i) {
    for (int c : {0, int{'"'}, int{'\\'}, int{'{'}, int{'}'}, int{'['}, int{']'}, int{':'}, 0xff}) {
      std::string s = json;
      s[i] = static_cast<char>(c);
      CHECK_NOTHROW((void)otos::answers_from_json(s));
    }
  }
}

TEST_CASE("parser throughput (measured, not asserted)") {
  Answers a;
  for (int i = 0; i < 20; ++i) {
    std::string id = std::to_string(i);
    id.insert(0, 1, 'q');
    if (i % 4 == 0) a[id] = std::string("option_").append(std::to_string(i));
    if (i % 4 == 1) a[id] = Codes{"web", "friends", "library"};
    if (i % 4 == 2) a[id] = 1234.5 + i;
    if (i % 4 == 3) a[id] = MatrixAnswer{{"row1", "agree"}, {"row2", "disagree"}};
  }
  std::string json = otos::answers_to_json(a);
  const int n = 20000;
  auto t0 = std::chrono::steady_clock::now();
  size_t total = 0;
  for (int i = 0; i < n; ++i) {
    auto back = otos::answers_from_json(json);
    total += back ? back->size() : 0;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(total == static_cast<size_t>(n) * 20);
  MESSAGE("answers_from_json: " << (json.size() * n / secs / 1e6) << " MB/s on " << json.size()
                                << "-byte rows");
}
