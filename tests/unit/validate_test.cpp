// Unit tests of engine/validate: each rule family with the questionnaire written inline next
// to the expected code and 0-based span; plus the whole pipeline on valid and hostile input.
#include "engine/validate/validate.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "engine/loader/input_check.h"

using otos::validate::load_text;

namespace {

// A valid questionnaire; `extra_top` goes before `pages:`, `questions` replaces the question
// list (indented by 6), `tail` goes after.
std::string survey(const std::string& extra_top, const std::string& questions,
                   const std::string& tail = "") {
  return "id: demo\nversion: 2026\ntitle: {fi: Kysely, en: Survey}\nlanguages: [fi, en]\n" +
         extra_top + "pages:\n  - id: about\n    title: Tausta\n    questions:\n" + questions +
         tail;
}

// Header lines before the first question line: 4 + extra_top lines + 4.
const std::string kTown =
    "      - id: town\n"
    "        type: single_choice\n"
    "        text: Kunta\n"
    "        options: [{code: a, label: A}, {code: b, label: B}]\n";
const std::string kAge =
    "      - id: age\n"
    "        type: number\n"
    "        text: Ikä\n";

struct Expect {
  std::string code;
  int line, column;
};

void check_one(const std::string& yaml, const Expect& e) {
  auto result = load_text(yaml, "t.yaml");
  CAPTURE(yaml);
  for (const auto& d : result.diagnostics) INFO(d.code << " " << d.render());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK_FALSE(result.ok());
  CHECK_FALSE(result.questionnaire);
  CHECK(result.diagnostics[0].code == e.code);
  CHECK(result.diagnostics[0].span.file == "t.yaml");
  CHECK(result.diagnostics[0].span.line == e.line);
  CHECK(result.diagnostics[0].span.column == e.column);
}

}  // namespace

TEST_CASE("a valid questionnaire loads with its model") {
  auto result = load_text(survey("", kTown + kAge), "t.yaml");
  for (const auto& d : result.diagnostics) INFO(d.render());
  REQUIRE(result.ok());
  CHECK(result.questionnaire->key() == "demo@2026");
  CHECK(result.questionnaire->questions().size() == 2);
  CHECK(result.questionnaire->source_name == "t.yaml");
}

TEST_CASE("ids: duplicates of questions, pages, options, rows and indicators") {
  check_one(survey("", kTown + kTown), {"duplicate-id", 12, 12});
  check_one(survey("", kTown) + "  - id: about\n    title: T\n    questions:\n" + kAge,
            {"duplicate-id", 12, 8});
  check_one(survey("",
                   "      - id: t\n        type: single_choice\n        text: T\n"
                   "        options: [{code: a, label: A}, {code: a, label: B}]\n"),
            {"duplicate-id", 11, 46});
  check_one(survey("",
                   "      - id: m\n        type: matrix\n        text: M\n        scale: s\n"
                   "        rows: [{id: r, text: R}, {id: r, text: R2}]\n",
                   "scales:\n  s: [{code: a, label: A}]\n"),
            {"duplicate-id", 12, 38});
  check_one(survey("", kTown,
                   "indicators:\n"
                   "  - {id: i, title: I, share: {question: town, values: [a]}}\n"
                   "  - {id: i, title: I, share: {question: town, values: [b]}}\n"),
            {"duplicate-id", 14, 9});
  check_one(survey("",
                   "      - id: t\n        type: single_choice\n        text: T\n"
                   "        options: l\n",
                   "lists:\n  l: [{code: a, label: A}]\n  l: [{code: b, label: B}]\n"),
            {"duplicate-key", 14, 2});
}

TEST_CASE("texts: a map by language needs every declared language and no other") {
  check_one(survey("", "      - id: t\n        type: info\n        text: {fi: Hei}\n"),
            {"missing-language", 10, 14});
  check_one(
      survey("", "      - id: t\n        type: info\n        text: {fi: Hei, en: Hi, de: Hallo}\n"),
      {"undeclared-language", 10, 14});
  // A plain string serves every language.
  CHECK(load_text(survey("", "      - id: t\n        type: info\n        text: Hei\n"), "t").ok());
}

TEST_CASE("references: lists, scales, indicators, groups") {
  check_one(survey("",
                   "      - id: t\n        type: single_choice\n        text: T\n"
                   "        options: towns\n"),
            {"unknown-list", 11, 17});
  check_one(
      survey("", "      - id: l\n        type: likert\n        text: T\n        scale: agree\n"),
      {"unknown-scale", 11, 15});
  check_one(survey("", kTown,
                   "indicators:\n  - {id: i, title: I, share: {question: twn, values: [a]}}\n"),
            {"unknown-question", 13, 40});
  check_one(survey("", kTown,
                   "indicators:\n  - {id: i, title: I, share: {question: town, values: [a, c]}}\n"),
            {"unknown-code", 13, 58});
  check_one(
      survey("", kAge, "indicators:\n  - {id: i, title: I, share: {question: age, values: [a]}}\n"),
      {"bad-indicator", 12, 40});
  check_one(survey("groups: [age]\n", kAge), {"bad-group", 4, 9});
  check_one(survey("groups: [twn]\n", kTown), {"unknown-question", 4, 9});
}

TEST_CASE("numbers: min/max, max_choices, max_length, min_cell, version") {
  check_one(survey("", kAge + "        min: 5\n        max: 1\n"),
            {"min-greater-than-max", 11, 13});
  check_one(survey("",
                   "      - id: m\n        type: multi_choice\n        text: M\n"
                   "        max_choices: 3\n        options: [{code: a, label: A}]\n"),
            {"out-of-range", 11, 21});
  check_one(
      survey("", "      - id: m\n        type: text\n        text: M\n        max_length: -1\n"),
      {"out-of-range", 11, 20});
  check_one(survey("min_cell: 0\n", kTown), {"out-of-range", 4, 10});
  check_one(
      "id: demo\nversion: 20.26\ntitle: T\nlanguages: [fi]\npages:\n  - id: p\n    title: P\n"
      "    questions:\n" +
          kAge,
      {"wrong-type", 1, 9});
}

TEST_CASE("patterns: std::regex ECMAScript errors and size bounds") {
  check_one(
      survey("", "      - id: t\n        type: text\n        text: T\n        pattern: '(ab'\n"),
      {"bad-pattern", 11, 17});
  check_one(
      survey("",
             "      - id: t\n        type: text\n        text: T\n        pattern: 'a{5000}'\n"),
      {"bad-pattern", 11, 17});
  CHECK(load_text(survey("",
                         "      - id: t\n        type: text\n        text: T\n"
                         "        pattern: '[0-9]{5}'\n"),
                  "t")
            .ok());
}

TEST_CASE("dates: real dates and open <= close") {
  check_one(survey("open: 2026-02-29\n", kTown), {"bad-date", 4, 6});
  check_one(survey("close: 2026-13-01\n", kTown), {"bad-date", 4, 7});
  check_one(survey("open: 2026-05-01\nclose: 2026-04-30\n", kTown), {"open-after-close", 4, 6});
  CHECK(load_text(survey("open: 2028-02-29\nclose: 2028-02-29\n", kTown), "t").ok());
}

TEST_CASE("show_if: errors point inside the expression") {
  // Line 12 holds `show_if`; the expression starts at column 18 inside the quotes.
  auto later = load_text(survey("", kAge + "        show_if: \"town == 'a'\"\n" + kTown), "t.yaml");
  REQUIRE(later.diagnostics.size() == 1);
  CHECK(later.diagnostics[0].span.line == 11);
  CHECK(later.diagnostics[0].span.column == 18);

  auto unknown_code = load_text(survey("", kTown + kAge + "        show_if: town == 'zz'\n"), "t");
  REQUIRE(unknown_code.diagnostics.size() == 1);
  CHECK(unknown_code.diagnostics[0].span.line == 15);
  CHECK(unknown_code.diagnostics[0].span.column == 25);

  auto number = load_text(survey("", kTown + kAge + "        show_if: town == 5\n"), "t");
  REQUIRE(number.diagnostics.size() == 1);
  CHECK(number.diagnostics[0].span.line == 15);

  auto syntax = load_text(survey("", kTown + kAge + "        show_if: \"town ==\"\n"), "t");
  REQUIRE(syntax.diagnostics.size() == 1);
  CHECK(syntax.diagnostics[0].span.line == 15);

  auto ok = load_text(survey("", kTown + kAge + "        show_if: \"town in ['a', 'b']\"\n"), "t");
  for (const auto& d : ok.diagnostics) INFO(d.render());
  REQUIRE(ok.ok());
  CHECK(ok.questionnaire->find_question("age")->show_if != nullptr);
}

TEST_CASE("show_if: positions survive escapes, '', continued and folded lines, blocks") {
  // Each case writes a show_if naming the unknown question 'bogus'; the diagnostic must point
  // where 'bogus' is in the file, whatever the scalar's style.
  // {show_if lines, what stands for 'bogus' in the file}.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"        show_if: \"town == \\\"a\\\" and bogus > 1\"\n", "bogus"},
      {"        show_if: \"town != \\\"\\u00e4\\\" and \\x62ogus > 1\"\n", "\\x62ogus"},
      {"        show_if: 'town == ''a'' and bogus > 1'\n", "bogus"},
      {"        show_if: town == 'a'\n          and bogus > 1\n", "bogus"},
      {"        show_if: \"town == 'a'\n          and bogus > 1\"\n", "bogus"},
      {"        show_if: \"town == 'a' \\\n          and bogus > 1\"\n", "bogus"},
      {"        show_if: >\n          town == 'a'\n          and bogus > 1\n", "bogus"},
      {"        show_if: >-\n          town == 'a'\n\n          and bogus > 1\n", "bogus"},
      {"        show_if: |\n          town == 'a'\n          and bogus > 1\n", "bogus"},
      {"        show_if: \"town in ['a', '\\u00e4\\u00e4'] or bogus > 1\"\n", "bogus"},
  };
  for (const auto& [show_if, marker] : cases) {
    CAPTURE(show_if);
    const std::string yaml = survey("", kTown + kAge + show_if);
    const size_t at = yaml.rfind(marker);
    const int line = static_cast<int>(std::count(yaml.begin(), yaml.begin() + at, '\n'));
    const int column = static_cast<int>(at - yaml.rfind('\n', at) - 1);  // ASCII before it
    auto r = load_text(yaml, "t.yaml");
    const otos::Diagnostic* found = nullptr;
    for (const auto& d : r.diagnostics) {
      INFO(d.render());
      if (d.message.find("'bogus'") != std::string::npos && !found) found = &d;
    }
    REQUIRE(found);
    CHECK(found->span.line == line);
    CHECK(found->span.column == column);
  }
  // A problem after the last token of a folded block: just after it, on its own line.
  auto end = load_text(survey("", kTown + kAge + "        show_if: >\n          town ==\n"), "t");
  REQUIRE(end.diagnostics.size() == 1);
  CHECK(end.diagnostics[0].span.line == 16);
  CHECK(end.diagnostics[0].span.column == 17);
}

TEST_CASE("every problem is reported, sorted by position") {
  auto result = load_text(
      "id: demo\nversion: x\ntitel: T\nlanguages: [fi]\npages:\n  - id: p\n    title: P\n"
      "    questions:\n      - {id: a, type: number, text: A, min: 3, max: 2}\n"
      "      - {id: a, type: nmber, text: A}\n",
      "t.yaml");
  std::vector<std::string> rendered;
  for (const auto& d : result.diagnostics) rendered.push_back(d.code + "@" + d.render());
  CHECK(rendered ==
        std::vector<std::string>{
            "wrong-type@t.yaml:2:10: error: 'version' must be an integer (the wave, "
            "such as 2026), got 'x'",
            "unknown-key@t.yaml:3:1: error: unknown key 'titel' in the questionnaire "
            "(did you mean 'title'?); expected one of: id, version, title, description, "
            "languages, access, open, close, min_cell, groups, pages, lists, scales, "
            "indicators",
            "min-greater-than-max@t.yaml:9:45: error: 'min' 3 of question 'a' is "
            "greater than 'max' 2; expected min <= max",
            "duplicate-id@t.yaml:10:14: error: duplicate question id 'a' (first at line "
            "9); each must be unique",
            "unknown-question-type@t.yaml:10:23: error: unknown question type 'nmber' "
            "(did you mean 'number'?); expected one of: single_choice, multi_choice, "
            "likert, matrix, number, text, date, info"});
}

TEST_CASE("hostile input gives diagnostics, never a crash") {
  CHECK(load_text("", "t").diagnostics.at(0).code == "empty-file");
  CHECK(load_text("# only a comment\n", "t").diagnostics.at(0).code == "empty-file");
  CHECK(load_text(std::string("\0\1\2\3", 4), "t").diagnostics.at(0).code == "control-character");
  CHECK(load_text("id: \xff\n", "t").diagnostics.at(0).code == "not-utf8");
  CHECK(load_text(std::string(200000, '['), "t").diagnostics.size() == 1);
  CHECK(load_text(std::string(200000, '{'), "t").diagnostics.size() == 1);
  CHECK(load_text(std::string(otos::loader::kMaxFileBytes + 1, ' '), "t").diagnostics.at(0).code ==
        "file-too-large");
  CHECK(load_text("a: &x 1\nb: *x\n", "t").diagnostics.at(0).code == "yaml-anchor");
  CHECK(load_text("- - - - -\n", "t").diagnostics.at(0).code == "wrong-type");
  CHECK(load_text(":\n", "t").diagnostics.size() >= 1);
}

TEST_CASE("load_file: a missing file and a directory are diagnostics at 1:1") {
  auto missing = otos::validate::load_file("/nonexistent/otos/file.yaml");
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].render() ==
        "/nonexistent/otos/file.yaml:1:1: error: cannot read file: No such file or directory");
  auto dir = otos::validate::load_file("/");
  REQUIRE(dir.diagnostics.size() == 1);
  CHECK(dir.diagnostics[0].code == "cannot-read");
}

TEST_CASE(
    "a 1 MB questionnaire validates (timed by bench/validate_bench, see docs/performance.md)") {
  std::string qs;
  int n = 0;
  while (qs.size() < 1'000'000) {
    std::string id = "q" + std::to_string(n++);
    qs += "      - id: " + id + "\n        type: single_choice\n        text: {fi: Kysymys " + id +
          ", en: Question " + id + "}\n        options: opts\n";
    if (n > 1) qs += "        show_if: \"q0 in ['a', 'b'] and answered(q0)\"\n";
  }
  auto result = load_text(
      survey("", qs, "lists:\n  opts: [{code: a, label: A}, {code: b, label: B}]\n"), "big.yaml");
  for (const auto& d : result.diagnostics) INFO(d.render());
  CHECK(result.ok());
  CHECK(result.questionnaire->questions().size() == static_cast<size_t>(n));
}
