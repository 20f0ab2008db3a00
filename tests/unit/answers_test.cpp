// Unit tests of engine/answers: every rule with its exact code and message, show_if hiding
// (answers dropped, never required, chains), the pages option, form numbers, the three
// languages, and patterns that would overflow a small server-thread stack.
#include <Poco/Thread.h>
#include <doctest/doctest.h>

#include <string>

#include "engine/answers/answer_check.h"
#include "engine/answers/messages.h"
#include "engine/answers/pattern_match.h"
#include "engine/answers/value_checks.h"
#include "engine/validate/validate.h"

using otos::AnswerValue;
using otos::Codes;
using otos::MatrixAnswer;
using otos::answers::AnswerError;
using otos::answers::check_answers;
using otos::answers::CheckOptions;
using otos::answers::CheckResult;

namespace {

// Page 0 "about": town, seek, channels (shown when seek is agree), web_often (shown when
// channels has web), intro (info). Page 1 "details": children, hours, born, postcode, comment,
// services (matrix), why (required, shown when seek is disagree).
const char* const kSurvey = R"(id: demo
version: 2026
title: {fi: Kysely, sv: Enkät, en: Survey}
languages: [fi, sv, en]
pages:
  - id: about
    title: About
    questions:
      - id: town
        type: single_choice
        text: Town
        required: true
        options: towns
      - id: seek
        type: likert
        text: Seek
        scale: agree3
      - id: channels
        type: multi_choice
        text: Channels
        max_choices: 2
        show_if: "seek in ['agree']"
        options: [{code: web, label: Web}, {code: friends, label: Friends}, {code: paper, label: Paper}]
      - id: web_often
        type: likert
        text: Often
        scale: agree3
        show_if: "channels == 'web'"
      - id: intro
        type: info
        text: Thanks
  - id: details
    title: Details
    questions:
      - id: children
        type: number
        text: Children
        integer: true
        min: 0
        max: 10
        required: true
      - id: hours
        type: number
        text: Hours
        min: 0.5
      - id: born
        type: date
        text: Born
      - id: postcode
        type: text
        text: Postcode
        pattern: '[0-9]{5}'
      - id: comment
        type: text
        text: Comment
        max_length: 5
      - id: services
        type: matrix
        text: Services
        scale: agree3
        rows: [{id: daycare, text: Daycare}, {id: school, text: School}]
        required: true
      - id: why
        type: text
        text: Why
        required: true
        show_if: "seek == 'disagree'"
lists:
  towns: [{code: "853", label: Turku}, {code: "202", label: Kaarina}]
scales:
  agree3: [{code: disagree, label: D}, {code: neutral, label: N}, {code: agree, label: A}]
)";

const otos::model::Questionnaire& survey() {
  static const otos::model::QuestionnairePtr q = [] {
    auto loaded = otos::validate::load_text(kSurvey, "demo.yaml");
    for (const auto& d : loaded.diagnostics) INFO(d.render());
    REQUIRE(loaded.ok());
    return loaded.questionnaire;
  }();
  return *q;
}

otos::JsonObject parse(const std::string& json) {
  otos::JsonParse parsed = otos::parse_json(json, 32);
  REQUIRE(parsed.ok());
  REQUIRE(parsed.value.object());
  return *parsed.value.object();
}

// The required answers, valid; `extra` is spliced in (",\"k\":v" form, may override nothing).
const std::string kBase =
    R"("town":"853","children":2,"services":{"daycare":"agree","school":"neutral"})";

CheckResult check(const std::string& answers_json, const CheckOptions& options = {}) {
  return check_answers(survey(), parse("{" + answers_json + "}"), options);
}

// Every error as "question code: message" lines, for failure output.
std::string describe(const CheckResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.question + " " + e.code + ": " + e.message + "\n";
  return out;
}

// Exactly one error, on `question`, with `code` and `message`.
void one_error(const CheckResult& r, const std::string& question, const std::string& code,
               const std::string& message) {
  INFO(describe(r));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].question == question);
  CHECK(r.errors[0].code == code);
  CHECK(r.errors[0].message == message);
}

void bad(const std::string& extra, const std::string& question, const std::string& code,
         const std::string& message) {
  CAPTURE(extra);
  one_error(check(kBase + "," + extra), question, code, message);
}

void good(const std::string& extra) {
  CAPTURE(extra);
  auto r = check(kBase + "," + extra);
  INFO(describe(r));
  CHECK(r.ok());
}

std::vector<std::string> ids(const std::vector<const otos::model::Question*>& qs) {
  std::vector<std::string> out;
  for (const auto* q : qs) out.push_back(q->id);
  return out;
}

}  // namespace

TEST_CASE("a valid response comes back typed") {
  auto r =
      check(kBase + R"(,"seek":"agree","channels":["friends","web","web"],"web_often":"neutral",)"
                    R"("hours":1.5,"born":"1988-04-01","postcode":"20100","comment":"Moi")");
  INFO(describe(r));
  REQUIRE(r.ok());
  CHECK(r.answers.size() == 10);
  CHECK(std::get<std::string>(r.answers.at("town")) == "853");
  CHECK(std::get<std::string>(r.answers.at("seek")) == "agree");
  // Option order, each code once.
  CHECK(std::get<Codes>(r.answers.at("channels")) == Codes{"web", "friends"});
  CHECK(std::get<std::string>(r.answers.at("web_often")) == "neutral");
  CHECK(std::get<double>(r.answers.at("children")) == 2.0);
  CHECK(std::get<double>(r.answers.at("hours")) == 1.5);
  CHECK(std::get<std::string>(r.answers.at("born")) == "1988-04-01");
  CHECK(std::get<std::string>(r.answers.at("postcode")) == "20100");
  CHECK(std::get<std::string>(r.answers.at("comment")) == "Moi");
  CHECK(std::get<MatrixAnswer>(r.answers.at("services")) ==
        MatrixAnswer{{"daycare", "agree"}, {"school", "neutral"}});
  CHECK(otos::answers_to_json(r.answers) ==
        R"({"born":"1988-04-01","channels":["web","friends"],"children":2,"comment":"Moi",)"
        R"("hours":1.5,"postcode":"20100","seek":"agree","services":{"daycare":"agree",)"
        R"("school":"neutral"},"town":"853","web_often":"neutral"})");
}

TEST_CASE("wrong-type: each question type says what it expected") {
  bad(R"("town":853)", "town", "wrong-type", "expected one option code (a string)");
  bad(R"("seek":["agree"])", "seek", "wrong-type", "expected one option code (a string)");
  bad(R"("seek":"agree","channels":"web")", "channels", "wrong-type",
      "expected a list of option codes (an array of strings)");
  bad(R"("seek":"agree","channels":["web",3])", "channels", "wrong-type",
      "expected a list of option codes (an array of strings)");
  one_error(check(R"("town":"853","children":"3","services":{"daycare":"agree","school":"agree"})"),
            "children", "wrong-type", "expected a whole number between 0 and 10");
  bad(R"("hours":true)", "hours", "wrong-type", "expected a number of at least 0.5");
  bad(R"("hours":{"a":1})", "hours", "wrong-type", "expected a number of at least 0.5");
  bad(R"("born":20260101)", "born", "wrong-type", "expected a date written YYYY-MM-DD (a string)");
  bad(R"("postcode":20100)", "postcode", "wrong-type", "expected a text (a string)");
  one_error(check(R"("town":"853","children":2,"services":["agree"])"), "services", "wrong-type",
            "expected an object of row ids and option codes");
  bad(R"("services":{"daycare":1,"school":"agree"})", "services", "wrong-type",
      "row 'daycare': expected one option code (a string)");
}

TEST_CASE("not-a-code: codes come from options, named lists and scales") {
  bad(R"("town":"999")", "town", "not-a-code", "'999' is not an option; expected one of: 853, 202");
  bad(R"("seek":"yes")", "seek", "not-a-code",
      "'yes' is not an option; expected one of: disagree, neutral, agree");
  bad(R"("seek":"agree","channels":["web","tv"])", "channels", "not-a-code",
      "'tv' is not an option; expected one of: web, friends, paper");
  one_error(check(R"("town":"853","children":2,"services":{"daycare":"yes","school":"agree"})"),
            "services", "not-a-code",
            "row 'daycare': 'yes' is not an option; expected one of: disagree, neutral, agree");
  // A quoted value is clipped to 40 characters.
  bad("\"town\":\"" + std::string(50, 'x') + "\"", "town", "not-a-code",
      "'" + std::string(40, 'x') + "…' is not an option; expected one of: 853, 202");
}

TEST_CASE("too-many: max_choices counts distinct codes") {
  bad(R"("seek":"agree","channels":["web","friends","paper"])", "channels", "too-many",
      "3 options chosen; expected at most 2");
  good(R"("seek":"agree","channels":["web","friends","web"])");
  // "" in the array is a form's placeholder, not a choice; only placeholders is no answer.
  auto r = check(kBase + R"(,"seek":"agree","channels":["","paper"])");
  REQUIRE(r.ok());
  CHECK(std::get<Codes>(r.answers.at("channels")) == Codes{"paper"});
  auto empty = check(kBase + R"(,"seek":"agree","channels":[""])");
  REQUIRE(empty.ok());
  CHECK(empty.answers.count("channels") == 0);
}

TEST_CASE("numbers: integer, min, max") {
  one_error(check(R"("town":"853","children":2.5,"services":{"daycare":"agree","school":"agree"})"),
            "children", "not-integer", "expected a whole number between 0 and 10");
  one_error(check(R"("town":"853","children":-1,"services":{"daycare":"agree","school":"agree"})"),
            "children", "too-small", "expected a whole number between 0 and 10");
  one_error(check(R"("town":"853","children":11,"services":{"daycare":"agree","school":"agree"})"),
            "children", "too-large", "expected a whole number between 0 and 10");
  good(R"("children":10.0)");
  bad(R"("hours":0.25)", "hours", "too-small", "expected a number of at least 0.5");
  good(R"("hours":0.5)");
  good(R"("hours":1e6)");
}

TEST_CASE("texts: max_length in characters, pattern over the whole value") {
  bad(R"("comment":"abcdef")", "comment", "too-long", "6 characters; expected at most 5");
  good(R"("comment":"äöåÄÖ")");  // 5 characters, 10 bytes
  bad(R"("postcode":"2010")", "postcode", "pattern",
      "the text does not have the expected form [0-9]{5}");
  bad(R"("postcode":"201000")", "postcode", "pattern",
      "the text does not have the expected form [0-9]{5}");
  bad(R"("postcode":"x20100")", "postcode", "pattern",
      "the text does not have the expected form [0-9]{5}");
  good(R"("postcode":"20100")");
  // Forms and CSV files are not checked by a JSON parser: broken UTF-8 is refused here.
  otos::JsonObject raw;
  raw.set("town", std::string("853"));
  raw.set("children", 1.0);
  raw.set("services", parse(R"({"daycare":"agree","school":"agree"})"));
  raw.set("comment", std::string("ab\xC3"));
  one_error(check_answers(survey(), raw), "comment", "wrong-type", "expected a text in UTF-8");
}

TEST_CASE("number messages write large limits as digits, the language's way") {
  otos::model::Question q;
  q.integer = true;
  q.min = 0;
  q.max = 1e8;
  using otos::answers::Lang;
  CHECK(otos::answers::number_expectation(Lang::En, q) ==
        "expected a whole number between 0 and 100000000");
  q.integer = false;
  q.max = 2500.5;
  CHECK(otos::answers::format_number(Lang::Fi, 2500.5) == "2500,5");
  CHECK(otos::answers::format_number(Lang::Sv, 1e6) == "1000000");
}

TEST_CASE("texts: control characters other than tab and line ends are refused") {
  // A NUL or an escape byte is nothing a person types, and the xlsx export's XML cannot hold it.
  bad(R"("comment":"a\u0000b")", "comment", "control-character",
      "expected a text without control characters");
  bad(R"("comment":"a\u001b")", "comment", "control-character",
      "expected a text without control characters");
  bad(R"("comment":"a\u007f")", "comment", "control-character",
      "expected a text without control characters");
  good(R"("comment":"a\tb\r\n")");
  CHECK(otos::answers::has_control_character(std::string_view("x\0", 2)));
  CHECK_FALSE(otos::answers::has_control_character("tab\there\nline"));
}

TEST_CASE("pattern_message: the questionnaire's words in place of the regex") {
  const char* yaml = R"(id: pm
version: 1
title: PM
languages: [fi, en]
pages:
  - id: p
    title: P
    questions:
      - id: business_id
        type: text
        text: Business ID
        pattern: "[0-9]{7}-[0-9]"
        pattern_message: {fi: Kirjoita muodossa 1234567-8., en: Write it as 1234567-8.}
)";
  auto loaded = otos::validate::load_text(yaml, "pm.yaml");
  REQUIRE(loaded.ok());
  otos::JsonObject raw;
  raw.set("business_id", std::string("12345678"));
  otos::answers::CheckOptions en;
  one_error(check_answers(*loaded.questionnaire, raw, en), "business_id", "pattern",
            "Write it as 1234567-8.");
  otos::answers::CheckOptions fi;
  fi.lang = "fi";
  one_error(check_answers(*loaded.questionnaire, raw, fi), "business_id", "pattern",
            "Kirjoita muodossa 1234567-8.");
  raw.set("business_id", std::string("1234567-8"));
  CHECK(check_answers(*loaded.questionnaire, raw, en).ok());

  // Like every text it needs each language, and only a text question may have it.
  std::string partial = yaml;
  partial.replace(partial.find("fi: Kirjoita muodossa 1234567-8., "), 34, "");
  auto lacking = otos::validate::load_text(partial, "pm.yaml");
  REQUIRE_FALSE(lacking.ok());
  CHECK(lacking.diagnostics[0].message ==
        "the pattern message of question 'business_id' lacks language 'fi'; expected a text in "
        "each of: fi, en");
  std::string on_number = yaml;
  on_number.replace(on_number.find("type: text"), 10, "type: number");
  on_number.replace(on_number.find("        pattern: \"[0-9]{7}-[0-9]\"\n"), 34, "");
  auto refused = otos::validate::load_text(on_number, "pm.yaml");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.diagnostics[0].message ==
        "key 'pattern_message' does not apply to a number question; it belongs to text questions");
}

TEST_CASE("exclusive options of a multi_choice may only be chosen alone") {
  const char* yaml = R"(id: ex
version: 1
title: EX
languages: [fi, en]
pages:
  - id: p
    title: P
    questions:
      - id: used
        type: multi_choice
        text: Used
        options:
          - {code: club, label: {fi: Kerho, en: Club}}
          - {code: cafe, label: {fi: Kahvila, en: Cafe}}
          - {code: none, label: {fi: Ei mitään, en: None}, exclusive: true}
          - {code: dk, label: {fi: En osaa sanoa, en: Don't know}, missing: true, exclusive: true}
)";
  auto loaded = otos::validate::load_text(yaml, "ex.yaml");
  REQUIRE(loaded.ok());
  auto check = [&](const std::string& answers, const std::string& lang) {
    otos::answers::CheckOptions options;
    options.lang = lang;
    return check_answers(*loaded.questionnaire, parse(answers), options);
  };
  one_error(check(R"({"used":["club","none"]})", "en"), "used", "exclusive",
            "'None' cannot be chosen together with other options");
  one_error(check(R"({"used":["dk","cafe"]})", "fi"), "used", "exclusive",
            "'En osaa sanoa' ei voi olla valittuna yhdessä muiden vaihtoehtojen kanssa");
  CHECK(check(R"({"used":["none"]})", "en").ok());
  CHECK(check(R"({"used":["dk","dk"]})", "en").ok());  // one code, once
  CHECK(check(R"({"used":["club","cafe"]})", "en").ok());
}

TEST_CASE("dates: real calendar days written YYYY-MM-DD") {
  good(R"("born":"2024-02-29")");
  good(R"("born":"2000-02-29")");
  for (const char* d :
       {"2023-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
        "2026-01-00", "2026-1-01", "2026/01/01", " 2026-01-01", "2026-01-01T00:00"}) {
    bad(std::string(R"("born":")") + d + "\"", "born", "bad-date",
        std::string("'") + d + "' is not a valid date; expected YYYY-MM-DD such as 2026-03-31");
  }
}

TEST_CASE("matrix: known rows, every row when required") {
  bad(R"("services":{"daycare":"agree","school":"agree","gym":"agree"})", "services", "unknown-row",
      "unknown row 'gym'; expected one of: daycare, school");
  one_error(check(R"("town":"853","children":2,"services":{"daycare":"agree"})"), "services",
            "required", "answer every row; missing: school");
  // An empty cell is an unanswered row.
  one_error(check(R"("town":"853","children":2,"services":{"daycare":"","school":"agree"})"),
            "services", "required", "answer every row; missing: daycare");
  auto none = check(R"("town":"853","children":2,"services":{"daycare":"","school":null})");
  one_error(none, "services", "required", "an answer is required");
}

TEST_CASE("required: missing, null, empty string, array and object are unanswered") {
  auto r = check("");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0].question == "town");
  CHECK(r.errors[1].question == "children");
  CHECK(r.errors[2].question == "services");
  for (const auto& e : r.errors) {
    CHECK(e.code == "required");
    CHECK(e.message == "an answer is required");
  }
  CHECK(r.answers.empty());
  auto empties = check(R"("town":"","children":null,"services":{},"seek":[],"comment":"")");
  REQUIRE(empties.errors.size() == 3);
  CHECK(empties.errors[0].question == "town");
  CHECK(empties.errors[1].question == "children");
  CHECK(empties.errors[2].question == "services");
  CHECK(empties.answers.empty());
}

TEST_CASE("unknown question ids and answers to info texts are errors") {
  auto r = check(kBase + R"(,"zeta":"1","alpha":2)");
  REQUIRE(r.errors.size() == 2);
  // After the document's errors, in key order.
  CHECK(r.errors[0].question == "alpha");
  CHECK(r.errors[0].code == "unknown-question");
  CHECK(r.errors[0].message == "no question 'alpha' in this questionnaire");
  CHECK(r.errors[1].question == "zeta");
  CHECK(r.answers.size() == 3);
  // A flood of made-up ids reports the first 100.
  std::string flood = kBase;
  for (int i = 0; i < 5000; ++i) flood += ",\"x" + std::to_string(i) + "\":0";
  auto flooded = check(flood);
  CHECK(flooded.errors.size() == 100);
  CHECK(flooded.errors[0].question == "x0");
  CHECK(flooded.answers.size() == 3);
  bad(R"("intro":"read it")", "intro", "no-answer-expected", "an information text takes no answer");
  good(R"("intro":"")");
}

TEST_CASE("errors come one per question, in document order") {
  auto r = check(R"("town":"x","children":99,"services":{"daycare":"agree"},"born":"no","nope":1)");
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0].question == "town");
  CHECK(r.errors[0].code == "not-a-code");
  CHECK(r.errors[1].question == "children");
  CHECK(r.errors[1].code == "too-large");
  CHECK(r.errors[2].question == "born");
  CHECK(r.errors[2].code == "bad-date");
  CHECK(r.errors[3].question == "services");
  CHECK(r.errors[3].code == "required");
  CHECK(r.errors[4].question == "nope");
  CHECK(r.errors[4].code == "unknown-question");
}

TEST_CASE("show_if: a hidden question's answer is dropped silently, even a wrong one") {
  auto r = check(kBase + R"(,"seek":"neutral","channels":["web"])");
  REQUIRE(r.ok());
  CHECK(r.answers.count("channels") == 0);
  CHECK(r.answers.count("seek") == 1);
  auto wrong = check(kBase + R"(,"seek":"neutral","channels":42)");
  REQUIRE(wrong.ok());
  CHECK(wrong.answers.count("channels") == 0);
  // No seek at all: channels compares false, hidden.
  auto unanswered = check(kBase + R"(,"channels":["web","tv"])");
  REQUIRE(unanswered.ok());
  CHECK(unanswered.answers.count("channels") == 0);
}

TEST_CASE("show_if: a chain sees only kept answers") {
  // channels hidden, so web_often (shown when channels has web) is hidden too.
  auto hidden = check(kBase + R"(,"seek":"neutral","channels":["web"],"web_often":"agree")");
  REQUIRE(hidden.ok());
  CHECK(hidden.answers.count("web_often") == 0);
  auto shown = check(kBase + R"(,"seek":"agree","channels":["web"],"web_often":"agree")");
  REQUIRE(shown.ok());
  CHECK(std::get<std::string>(shown.answers.at("web_often")) == "agree");
  // An invalid answer is not kept either: what depends on it stays hidden.
  auto invalid = check(kBase + R"(,"seek":"agree","channels":["web","tv"],"web_often":"agree")");
  one_error(invalid, "channels", "not-a-code",
            "'tv' is not an option; expected one of: web, friends, paper");
  CHECK(invalid.answers.count("web_often") == 0);
}

TEST_CASE("show_if: a hidden question is never required") {
  good(R"("seek":"agree")");
  bad(R"("seek":"disagree")", "why", "required", "an answer is required");
  good(R"("seek":"disagree","why":"too far")");
}

TEST_CASE("pages: only `required` is limited to the given pages") {
  CheckOptions first;
  first.pages = {0};
  auto r = check(R"("town":"853")", first);
  REQUIRE(r.ok());
  CHECK(r.answers.size() == 1);
  one_error(check(R"("children":2)", first), "town", "required", "an answer is required");
  // Value checks still run everywhere.
  one_error(check(R"("town":"853","children":"x")", first), "children", "wrong-type",
            "expected a whole number between 0 and 10");
  CheckOptions second;
  second.pages = {1};
  auto missing = check(R"("seek":"disagree")", second);
  REQUIRE(missing.errors.size() == 3);
  CHECK(missing.errors[0].question == "children");
  CHECK(missing.errors[1].question == "services");
  CHECK(missing.errors[2].question == "why");
  CheckOptions both;
  both.pages = {1, 0};
  CHECK(check("", both).errors.size() == 3);
}

TEST_CASE("numbers_as_strings: form fields with a decimal point or comma") {
  CheckOptions form;
  form.numbers_as_strings = true;
  const std::string rest = R"("town":"853","services":{"daycare":"agree","school":"agree"})";
  auto r = check(rest + R"(,"children":" 3 ","hours":"3,5")", form);
  REQUIRE(r.ok());
  CHECK(std::get<double>(r.answers.at("children")) == 3.0);
  CHECK(std::get<double>(r.answers.at("hours")) == 3.5);
  CHECK(std::get<double>(
            check(rest + R"(,"children":"4","hours":"3.25")", form).answers.at("hours")) == 3.25);
  // JSON numbers stay fine.
  CHECK(check(rest + R"(,"children":4)", form).ok());
  one_error(check(rest + R"(,"children":"2,5")", form), "children", "not-integer",
            "expected a whole number between 0 and 10");
  one_error(check(rest + R"(,"children":"-1")", form), "children", "too-small",
            "expected a whole number between 0 and 10");
  // Grouped thousands are numbers, checked against the range like any other.
  one_error(check(rest + R"(,"children":"1 000")", form), "children", "too-large",
            "expected a whole number between 0 and 10");
  one_error(check(rest + R"(,"children":"1,000.5")", form), "children", "not-integer",
            "expected a whole number between 0 and 10");
  for (const char* text : {"abc", "1e3", "1 00", "1,00.5", "3,5,1", "--1", "+1", "-", ","}) {
    CAPTURE(text);
    one_error(check(rest + R"(,"children":")" + text + "\"", form), "children", "wrong-type",
              "expected a whole number between 0 and 10");
  }
  // A blank field is no answer.
  one_error(check(rest + R"(,"children":"   ")", form), "children", "required",
            "an answer is required");
}

TEST_CASE("messages in Finnish and Swedish; other languages fall back to English") {
  CheckOptions fi;
  fi.lang = "fi";
  auto r =
      check(R"("town":"999","children":2.5,"hours":0.25,"comment":"abcdef","born":"2026-02-30",)"
            R"("postcode":"1","services":{"gym":"agree"},"intro":"x","seek":"agree",)"
            R"("channels":["web","friends","paper"],"x":1)",
            fi);
  REQUIRE(r.errors.size() == 10);
  CHECK(r.errors[0].message == "'999' ei ole vaihtoehto; odotettiin jotakin näistä: 853, 202");
  CHECK(r.errors[1].message == "valittu 3 vaihtoehtoa; odotettiin enintään 2");
  CHECK(r.errors[2].message == "infotekstiin ei vastata");
  CHECK(r.errors[3].message == "odotettiin kokonaislukua väliltä 0–10");
  CHECK(r.errors[4].message == "odotettiin lukua, joka on vähintään 0,5");
  CHECK(r.errors[5].message ==
        "'2026-02-30' ei ole kelvollinen päivämäärä; odotettiin muotoa VVVV-KK-PP, esimerkiksi "
        "2026-03-31");
  CHECK(r.errors[6].message == "teksti ei ole odotettua muotoa [0-9]{5}");
  CHECK(r.errors[7].message == "6 merkkiä; odotettiin enintään 5");
  CHECK(r.errors[8].message == "tuntematon rivi 'gym'; odotettiin jotakin näistä: daycare, school");
  CHECK(r.errors[9].message == "kyselyssä ei ole kysymystä 'x'");

  CheckOptions sv;
  sv.lang = "sv";
  auto s = check(R"("children":2.5,"hours":0.25,"services":{"daycare":"agree"})", sv);
  REQUIRE(s.errors.size() == 4);
  CHECK(s.errors[0].message == "svar krävs");
  CHECK(s.errors[1].message == "förväntade ett heltal mellan 0 och 10");
  CHECK(s.errors[2].message == "förväntade ett tal som är minst 0,5");
  CHECK(s.errors[3].message == "svara på varje rad; saknas: school");

  CheckOptions de;
  de.lang = "de";
  one_error(check(R"("children":2,"services":{"daycare":"agree","school":"agree"})", de), "town",
            "required", "an answer is required");
}

TEST_CASE(
    "raw values built by hand: numbers, arrays and objects, as forms and CSV rows build them") {
  otos::JsonObject raw;
  raw.set("town", std::string("202"));
  raw.set("children", 7.0);
  raw.set("seek", "agree");
  raw.set("channels", otos::JsonArray{std::string("paper")});
  otos::JsonObject services;
  services.set("daycare", std::string("agree"));
  services.set("school", std::string("disagree"));
  raw.set("services", services);
  auto r = check_answers(survey(), raw);
  INFO(describe(r));
  REQUIRE(r.ok());
  CHECK(std::get<double>(r.answers.at("children")) == 7.0);
  CHECK(std::get<Codes>(r.answers.at("channels")) == Codes{"paper"});
  CHECK(std::get<MatrixAnswer>(r.answers.at("services")).size() == 2);
}

TEST_CASE("visible_questions: document order, show_if on shown answers only") {
  const auto& q = survey();
  const std::vector<std::string> always{"town", "seek",     "intro",   "children", "hours",
                                        "born", "postcode", "comment", "services"};
  CHECK(ids(otos::answers::visible_questions(q, {})) == always);
  otos::Answers agree{{"seek", std::string("agree")}, {"channels", Codes{"web"}}};
  CHECK(ids(otos::answers::visible_questions(q, agree)) ==
        std::vector<std::string>{"town", "seek", "channels", "web_often", "intro", "children",
                                 "hours", "born", "postcode", "comment", "services"});
  // channels is hidden, so its stale answer does not show web_often.
  otos::Answers stale{{"seek", std::string("disagree")}, {"channels", Codes{"web"}}};
  CHECK(ids(otos::answers::visible_questions(q, stale)) ==
        std::vector<std::string>{"town", "seek", "intro", "children", "hours", "born", "postcode",
                                 "comment", "services", "why"});
}

TEST_CASE("form numbers, dates and code points") {
  using otos::answers::Lang;
  auto parse_form_number = [](std::string_view text, Lang lang = Lang::Fi) {
    return otos::answers::parse_form_number(text, lang);
  };
  CHECK(parse_form_number("3") == 3.0);
  CHECK(parse_form_number(" 3,5\t") == 3.5);
  CHECK(parse_form_number("-0.25") == -0.25);
  CHECK(parse_form_number(".5") == 0.5);
  CHECK(parse_form_number("5.") == 5.0);
  CHECK_FALSE(parse_form_number("").has_value());
  CHECK_FALSE(parse_form_number("1e3").has_value());
  CHECK_FALSE(parse_form_number("inf").has_value());
  CHECK_FALSE(parse_form_number("nan").has_value());
  CHECK_FALSE(parse_form_number("0x10").has_value());
  CHECK_FALSE(parse_form_number(std::string(65, '1')).has_value());
}

TEST_CASE("form numbers: thousands separators as people type them") {
  using otos::answers::Lang;
  using otos::answers::parse_form_number;
  for (Lang lang : {Lang::Fi, Lang::Sv, Lang::En}) {
    CAPTURE(static_cast<int>(lang));
    CHECK(parse_form_number("12 500", lang) == 12500.0);
    CHECK(parse_form_number("1 234 567", lang) == 1234567.0);
    CHECK(parse_form_number("12 500,50", lang) == 12500.5);
    CHECK(parse_form_number("12 500.50", lang) == 12500.5);
    CHECK(parse_form_number("-1 000", lang) == -1000.0);
    CHECK(parse_form_number("\xE2\x88\x92"
                            "5",
                            lang) == -5.0);  // U+2212 MINUS SIGN
    CHECK(parse_form_number("12\xC2\xA0"
                            "500",
                            lang) == 12500.0);  // no-break space
    CHECK(parse_form_number("12\xE2\x80\xAF"
                            "500",
                            lang) == 12500.0);  // narrow no-break
    CHECK(parse_form_number("1\xE2\x80\x89"
                            "000\xE2\x80\x89"
                            "000",
                            lang) == 1e6);  // thin
    CHECK(parse_form_number("2,5", lang) == 2.5);
    CHECK(parse_form_number("0,125", lang) == 0.125);
    CHECK(parse_form_number("1 234,567", lang) == 1234.567);
    CHECK(parse_form_number("\xC2\xA0"
                            "125\xC2\xA0"
                            "000\xC2\xA0 ",
                            lang) == 125000.0);
    // Not grouping by threes, two kinds of separator, a separator at either end of the whole
    // part, two in a row, a leading zero group: not numbers.
    for (const char* bad :
         {"12 50", "1234 567", "1 2345",
          "1 000\xC2\xA0"
          "000",
          "1  000", "1 ,5", "0 125", "- 5", "12 500 €", "1 000,5 0", "1.000.000"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_form_number(bad, lang).has_value());
    }
  }
  // A comma before exactly three digits groups thousands in English and is the decimal comma
  // in Finnish and Swedish.
  CHECK(parse_form_number("12,500", Lang::En) == 12500.0);
  CHECK(parse_form_number("1,234,567.25", Lang::En) == 1234567.25);
  CHECK(parse_form_number("12,500", Lang::Fi) == 12.5);
  CHECK(parse_form_number("12,500", Lang::Sv) == 12.5);
  CHECK_FALSE(parse_form_number("1,234,567.25", Lang::Fi).has_value());
  CHECK_FALSE(parse_form_number("12,500,5", Lang::En).has_value());
  CHECK_FALSE(parse_form_number("1,234 567", Lang::En).has_value());
  CHECK(otos::answers::is_calendar_date("2024-02-29"));
  CHECK_FALSE(otos::answers::is_calendar_date("2100-02-29"));
  using otos::answers::utf8_length;
  CHECK(utf8_length("äö€😀a") == 5u);
  CHECK(utf8_length("") == 0u);
  CHECK(utf8_length("\xF4\x8F\xBF\xBF") == 1u);  // U+10FFFF
  for (const char* bad : {"\xFF", "\xC3", "a\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF0\x80\x80\xAF", "\x80", "\xE2\x82"}) {
    CAPTURE(bad);
    CHECK_FALSE(utf8_length(bad).has_value());
  }
}

TEST_CASE("patterns: compiled once, and safe on a small thread stack") {
  using otos::answers::pattern_matches;
  const size_t before = otos::answers::pattern_cache_size();
  for (int i = 0; i < 100; ++i) CHECK(pattern_matches("[a-c]+-unique-test", "abc-unique-test"));
  CHECK(otos::answers::pattern_cache_size() == before + 1);
  CHECK_FALSE(pattern_matches("[a-c]+-unique-test", "abd-unique-test"));

  // What a 256 KiB server thread must survive: long input on a plain pattern (the recursive
  // executor overflows near 300 characters), a back-reference, a pattern of many states.
  const std::string long_text(200000, 'a');
  bool plain = false, backref = false, backref_short = false, states = false, broken = true;
  Poco::Thread worker;
  worker.setStackSize(256 * 1024);
  worker.startFunc([&] {
    plain = pattern_matches("(a|b)*", long_text);
    backref = pattern_matches("(a)\\1*", long_text);  // over the 20,000-byte cap: refused
    backref_short = pattern_matches("(a)\\1*", std::string(5000, 'a'));
    states = pattern_matches("((a?){10}){1000}", std::string(50, 'a'));
    broken = pattern_matches("(unclosed", "anything");
  });
  worker.join();
  CHECK(plain);
  CHECK_FALSE(backref);
  CHECK(backref_short);
  CHECK(states);
  CHECK(broken);  // never compiled: the validator refuses it, and no answer is refused for it
}

TEST_CASE("a long text with a pattern checked on a small stack") {
  auto loaded = otos::validate::load_text(
      "id: p\nversion: 1\ntitle: P\nlanguages: [en]\npages:\n  - id: a\n    title: A\n"
      "    questions:\n      - id: t\n        type: text\n        text: T\n"
      "        pattern: '[a-z ]*'\n",
      "p.yaml");
  REQUIRE(loaded.ok());
  otos::JsonObject raw;
  raw.set("t", std::string(100000, 'x'));
  raw.set("u", 1.0);
  CheckResult r;
  Poco::Thread worker;
  worker.setStackSize(256 * 1024);
  worker.startFunc([&] { r = check_answers(*loaded.questionnaire, raw); });
  worker.join();
  one_error(r, "u", "unknown-question", "no question 'u' in this questionnaire");
  CHECK(std::get<std::string>(r.answers.at("t")).size() == 100000);
}
