// Result tables on the fixture of analysis_fixture.h: n/missing, shares with missing codes,
// hidden (absent) answers, multi_choice shares of respondents, matrix rows, number/date/text,
// indicators, suppression with secondary suppression, trend notes, and the writers (JSON, CSV
// with its guard only on texts, text with percentages rounded once, trend tables per wave).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "analysis/flat_answers.h"
#include "analysis/results.h"
#include "analysis/results_csv.h"
#include "analysis/results_json.h"
#include "analysis/results_text.h"
#include "analysis/results_xlsx.h"
#include "tests/unit/analysis_fixture.h"

using namespace otos;
using namespace otos::analysis;

namespace {
const QuestionResult& find(const Tables& t, const std::string& id) {
  for (const auto& q : t.questions)
    if (q.question->id == id) return q;
  FAIL("no question " << id);
  return t.questions.front();
}
}  // namespace

TEST_CASE("likert: missing codes counted but out of n; unanswered out of everything") {
  auto q = testing::fixture_questionnaire();
  const Results r = compute_results(q, testing::fixture_responses());
  CHECK(r.overall.responses == 12);
  const QuestionResult& s = find(r.overall, "seek_help");
  // agree: 1,2,3,4,7,8 = 6; disagree: 5,9,10 = 3; dont_know (missing): 6,11 = 2; #12 absent
  CHECK(s.n == 9);
  CHECK(s.missing == 2);
  REQUIRE(s.choice.options.size() == 3);
  CHECK(s.choice.options[0].code == "disagree");  // scale order, not by count
  CHECK(s.choice.options[0].count == 3);
  CHECK(round_to(s.choice.options[0].share, 4) == 0.3333);
  CHECK(s.choice.options[1].count == 6);
  CHECK(round_to(s.choice.options[1].share, 4) == 0.6667);
  // Wilson 6/9: centre 0.666667 + 0.213414 = 0.880081, denom 1.426829,
  // half = 1.959964·sqrt(0.024691 + 0.011857) = 0.374726 -> [0.3542, 0.8794]
  CHECK(round_to(s.choice.options[1].ci.low, 4) == 0.3542);
  CHECK(round_to(s.choice.options[1].ci.high, 4) == 0.8794);
  CHECK(s.choice.options[2].missing);
  CHECK(s.choice.options[2].count == 2);
}

TEST_CASE("multi_choice: share of respondents; only-missing respondents are missing") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  const QuestionResult& c = find(r.overall, "channels");
  // respondents with a substantive code: 1,2,3,5,7 = 5; #4 chose only dont_know
  CHECK(c.n == 5);
  CHECK(c.missing == 1);
  CHECK(c.choice.options[0].count == 5);  // web
  CHECK(c.choice.options[0].share == 1.0);
  CHECK(c.choice.options[1].count == 2);  // paper: 2/5
  CHECK(c.choice.options[1].share == 0.4);
  CHECK(round_to(c.choice.options[1].ci.low, 4) == 0.1176);
  CHECK(round_to(c.choice.options[1].ci.high, 4) == 0.7693);
}

TEST_CASE("matrix: a table per row; question n counts respondents with a substantive row") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  const QuestionResult& g = find(r.overall, "grid");
  CHECK(g.n == 2);        // #1 and #3
  CHECK(g.missing == 1);  // #2 answered only "x"
  REQUIRE(g.rows.size() == 2);
  CHECK(g.rows[0].first == "r1");
  CHECK(g.rows[0].second.n == 1);
  CHECK(g.rows[0].second.missing == 1);
  CHECK(g.rows[0].second.options[0].share == 1.0);
  CHECK(g.rows[1].second.n == 2);
  CHECK(g.rows[1].second.options[0].share == 0.5);  // a
  CHECK(g.rows[1].second.options[1].share == 0.5);  // b
}

TEST_CASE("number, date and text summaries") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  const QuestionResult& n = find(r.overall, "clients");
  // 1 2 3 4: sum 10, mean 2.5, sd sqrt(5/3) = 1.290994, p25 1.75, median 2.5, p75 3.25
  CHECK(n.n == 4);
  CHECK(n.number.sum == 10.0);
  CHECK(*n.number.mean == 2.5);
  CHECK(*n.number.sd == doctest::Approx(1.2909944487358056).epsilon(1e-12));
  CHECK(*n.number.p25 == 1.75);
  CHECK(*n.number.p75 == 3.25);
  const QuestionResult& d = find(r.overall, "born");
  CHECK(d.date.n == 2);
  CHECK(d.date.min == "2019-01-31");
  CHECK(d.date.max == "2020-05-01");
  CHECK(find(r.overall, "note").n == 1);
  for (const auto& qr : r.overall.questions) CHECK(qr.question->id != "intro");  // info: no table
}

TEST_CASE("indicator: share of substantive answers in the listed values") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  REQUIRE(r.overall.indicators.size() == 1);
  const IndicatorResult& i = r.overall.indicators[0];
  CHECK(i.n == 9);
  CHECK(i.count == 6);
  CHECK(round_to(i.share, 4) == 0.6667);
}

TEST_CASE("by: 304 (1) is under min_cell 5, so the next smallest 202 (5) is suppressed too") {
  auto q = testing::fixture_questionnaire();
  const Results r =
      compute_results(q, testing::fixture_responses(), q->find_question("municipality"));
  REQUIRE(r.by);
  REQUIRE(r.by->groups.size() == 3);
  CHECK(r.by->groups[0].code == "853");
  CHECK_FALSE(r.by->groups[0].suppressed);
  CHECK(r.by->groups[0].responses == 6);
  CHECK(r.by->groups[1].suppressed);  // secondary
  CHECK(r.by->groups[2].suppressed);  // primary
  CHECK(r.by->groups[1].tables.questions.empty());
  // 853: agree 4 (1-4), disagree 1 (5), dont_know 1 (6) -> n 5, share 0.8
  const QuestionResult& s = find(r.by->groups[0].tables, "seek_help");
  CHECK(s.n == 5);
  CHECK(s.missing == 1);
  CHECK(s.choice.options[1].share == 0.8);
  const std::string json = results_to_json(r);
  CHECK(json.find("\"202\":{\"suppressed\":true}") != std::string::npos);
  CHECK(json.find("\"304\":{\"suppressed\":true}") != std::string::npos);
  const std::string text = results_to_text(r, "en");
  CHECK(text.find("Kustavi         <5\n") != std::string::npos);
}

TEST_CASE("suppression rules") {
  SUBCASE("one small group pulls in the next smallest") {
    ByResult by = testing::by_groups({10, 3, 8, 6});
    apply_suppression(by, 5);
    CHECK(!by.groups[0].suppressed);
    CHECK(by.groups[1].suppressed);
    CHECK(!by.groups[2].suppressed);
    CHECK(by.groups[3].suppressed);
  }
  SUBCASE("ties: the first in option order") {
    ByResult by = testing::by_groups({10, 3, 6, 6});
    apply_suppression(by, 5);
    CHECK(by.groups[2].suppressed);
    CHECK(!by.groups[3].suppressed);
  }
  SUBCASE("two small groups need no secondary suppression") {
    ByResult by = testing::by_groups({10, 3, 4, 6});
    apply_suppression(by, 5);
    CHECK(by.groups[1].suppressed);
    CHECK(by.groups[2].suppressed);
    CHECK(!by.groups[3].suppressed);
  }
  SUBCASE("exactly min_cell is published") {
    ByResult by = testing::by_groups({5, 5});
    apply_suppression(by, 5);
    CHECK(!by.groups[0].suppressed);
    CHECK(!by.groups[1].suppressed);
  }
}

TEST_CASE("trend across two waves with a changed option list") {
  auto old_wave = testing::fixture_questionnaire(2025);
  auto new_wave = testing::fixture_questionnaire(2026);
  auto responses = testing::fixture_responses();
  TablesBuilder a(*old_wave), b(*new_wave);
  std::vector<Answers> old_rs(responses.begin(), responses.begin() + 4);
  for (auto& x : old_rs) {
    x.erase("clients");
    x["channels"] = Codes{"radio"};
  }
  for (const auto& x : old_rs) a.add(x);
  for (const auto& x : responses) b.add(x);
  // given newest first, build_trend sorts oldest first
  Trend t = build_trend({{new_wave, b.finish()}, {old_wave, a.finish()}});
  REQUIRE(t.waves.size() == 2);
  CHECK(t.waves[0].questionnaire->version == 2025);
  REQUIRE(t.notes.size() == 3);
  CHECK(t.notes[0].version == 2025);
  CHECK(t.notes[0].question == "channels");
  CHECK(t.notes[0].option == "dont_know");
  CHECK(t.notes[1].version == 2026);
  CHECK(t.notes[1].option == "radio");
  CHECK(t.notes[2].message == "question 'clients' is not in wave 2025");
  // 2025: 4 respondents chose radio -> share 1
  const QuestionResult& ch = find(t.waves[0].tables, "channels");
  CHECK(ch.choice.options[2].code == "radio");
  CHECK(ch.choice.options[2].share == 1.0);
  CHECK(t.waves[0].tables.indicators[0].count == 4);
}

TEST_CASE("JSON: contract keys, shares and ci95 rounded to 4 decimals") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  const std::string json = results_to_json(r);
  CHECK(json.rfind("{\"survey\":\"s\",\"version\":2026,\"min_cell\":5,\"responses\":12,", 0) == 0);
  CHECK(json.find("\"seek_help\":{\"type\":\"likert\",\"n\":9,\"missing\":2,\"options\":{"
                  "\"disagree\":{\"count\":3,\"share\":0.3333,\"ci95\":[0.1206,0.6458]},"
                  "\"agree\":{\"count\":6,\"share\":0.6667,\"ci95\":[0.3542,0.8794]},"
                  "\"dont_know\":{\"count\":2,\"missing\":true}}}") != std::string::npos);
  CHECK(json.find("\"clients\":{\"type\":\"number\",\"n\":4,\"missing\":0,\"sum\":10,\"mean\":2.5,"
                  "\"sd\":1.2909944487358056,\"min\":1,\"p25\":1.75,\"median\":2.5,\"p75\":3.25,"
                  "\"max\":4}") != std::string::npos);
  CHECK(json.find("\"indicators\":{\"willing\":{\"n\":9,\"count\":6,\"share\":0.6667,"
                  "\"ci95\":[0.3542,0.8794]}}") != std::string::npos);
}

TEST_CASE("tidy CSV lines") {
  const Results r = compute_results(testing::fixture_questionnaire(), testing::fixture_responses());
  const std::string csv = results_to_csv(r);
  CHECK(csv.rfind("survey,version,group,question,row,option,count,n,share,ci_low,ci_high,value\r\n",
                  0) == 0);
  CHECK(csv.find("s,2026,,seek_help,,agree,6,9,0.6667,0.3542,0.8794,\r\n") != std::string::npos);
  CHECK(csv.find("s,2026,,seek_help,,dont_know,2,9,,,,missing\r\n") != std::string::npos);
  CHECK(csv.find("s,2026,,grid,r2,b,1,2,0.5,0.0945,0.9055,\r\n") != std::string::npos);
  CHECK(csv.find("s,2026,,clients,,median,,4,,,,2.5\r\n") != std::string::npos);
}

TEST_CASE("FlatAnswers decodes stored JSON, escapes included") {
  FlatAnswers f;
  REQUIRE(f.decode(R"({"channels":["web","paper"],"clients":12.5,"grid":{"r1":"a","r2":"b"},)"
                   R"("note":"say \"hi\"\n\u00e4\ud83d\ude00","seek_help":"agree","x":null})"));
  REQUIRE(f.values().size() == 5);  // null is skipped
  const FlatValue* c = f.find("channels");
  REQUIRE(c);
  CHECK(c->kind == FlatKind::Codes);
  CHECK(c->count == 2);
  CHECK(f.item(c->first + 1) == "paper");
  CHECK(f.find("clients")->number == 12.5);
  const FlatValue* g = f.find("grid");
  CHECK(g->count == 2);
  CHECK(f.item(g->first + 2) == "r2");
  CHECK(f.item(g->first + 3) == "b");
  CHECK(f.find("note")->text == "say \"hi\"\n\xC3\xA4\xF0\x9F\x98\x80");
  CHECK(f.find("seek_help")->text == "agree");
  CHECK_FALSE(f.decode(R"({"a":)"));
  CHECK(f.values().empty());
  CHECK_FALSE(f.decode("[1]"));
  CHECK(f.decode("{}"));
}

TEST_CASE("the JSON fast path gives the same tables as typed answers") {
  auto q = testing::fixture_questionnaire();
  const char* rows[] = {
      R"({"born":"2020-05-01","channels":["web"],"clients":1,"grid":{"r1":"a","r2":"b"},"municipality":"853","note":"hello","seek_help":"agree"})",
      R"({"born":"2019-01-31","channels":["web","paper"],"clients":2,"grid":{"r1":"x"},"municipality":"853","seek_help":"agree"})",
      R"({"channels":["web"],"clients":3,"grid":{"r2":"a"},"municipality":"853","seek_help":"agree"})",
      R"({"channels":["dont_know"],"clients":4,"municipality":"853","seek_help":"agree"})",
      R"({"channels":["web","paper"],"municipality":"853","seek_help":"disagree"})",
      R"({"municipality":"853","seek_help":"dont_know"})",
      R"({"channels":["web"],"municipality":"202","seek_help":"agree"})",
      R"({"municipality":"202","seek_help":"agree"})",
      R"({"municipality":"202","seek_help":"disagree"})",
      R"({"municipality":"202","seek_help":"disagree"})",
      R"({"municipality":"202","seek_help":"dont_know"})",
      R"({"municipality":"304"})"};
  ResultsBuilder fast(q, q->find_question("municipality"));
  FlatAnswers f;
  for (const char* r : rows) {
    REQUIRE(f.decode(r));
    fast.add(f);
  }
  const Results a = fast.finish();
  const Results b =
      compute_results(q, testing::fixture_responses(), q->find_question("municipality"));
  CHECK(results_to_json(a) == results_to_json(b));
  CHECK(results_to_csv(a) == results_to_csv(b));
}

TEST_CASE("xlsx results write a workbook, also with suppressed groups") {
  auto q = testing::fixture_questionnaire();
  const Results r =
      compute_results(q, testing::fixture_responses(), q->find_question("municipality"));
  const std::string path = "analysis_results_test.xlsx";
  CHECK(results_to_xlsx(r, "en", path, "2026-04-01") == "");
  std::ifstream f(path, std::ios::binary);
  std::string magic(2, '\0');
  f.read(magic.data(), 2);
  CHECK(magic == "PK");
  std::remove(path.c_str());
}

namespace {
// One yes/no question (codes "-1" and "1", as in SPSS-style coding) with `yes` of `n` answering
// yes, and a number question with `values`.
Results yes_no_results(int yes, int n, const std::vector<double>& values = {}) {
  using QT = model::QuestionType;
  auto q = std::make_shared<model::Questionnaire>();
  q->id = "yn";
  q->version = 2026;
  q->title = testing::text("Yes or no");
  q->languages = {"en"};
  model::Page page;
  page.id = "p";
  page.questions.push_back(testing::question(
      "answer", QT::SingleChoice, {testing::option("1", "Yes"), testing::option("-1", "No")}));
  page.questions.push_back(testing::question("amount", QT::Number));
  q->pages.push_back(std::move(page));
  q->build_index();
  std::vector<Answers> rs(static_cast<size_t>(std::max<size_t>(n, values.size())));
  for (int i = 0; i < n; ++i)
    rs[static_cast<size_t>(i)]["answer"] = std::string(i < yes ? "1" : "-1");
  for (size_t i = 0; i < values.size(); ++i) rs[i]["amount"] = values[i];
  return compute_results(q, rs);
}
}  // namespace

TEST_CASE("results CSV: numbers never get the formula guard, text cells still do") {
  const Results r = yes_no_results(1, 3, {-93.42, -10, 5});
  const std::string csv = results_to_csv(r);
  CHECK(csv.find("yn,2026,,amount,,min,,3,,,,-93.42\r\n") != std::string::npos);
  CHECK(csv.find("yn,2026,,amount,,sum,,3,,,,-98.42\r\n") != std::string::npos);
  CHECK(csv.find("'-93.42") == std::string::npos);
  // The option code "-1" is a text from the questionnaire: guarded.
  CHECK(csv.find("yn,2026,,answer,,'-1,2,3,0.6667,") != std::string::npos);
}

TEST_CASE("text: percentages are rounded once, half away from zero") {
  // 10 of 32 = 31.25 % -> 31.3 % (rounding 0.3125 to 4 decimals and then half-to-even gave 31.2)
  const std::string text = results_to_text(yes_no_results(10, 32), "en");
  CHECK(text.find("  Yes        10  31.3%  18.0% - 48.6%\n") != std::string::npos);
  // 0 of 5: the Wilson upper bound is 0.434482..., 43.4 % (twice rounded it gave 43.5 %)
  const std::string none = results_to_text(yes_no_results(0, 5), "en");
  CHECK(none.find("  Yes         0    0.0%    0.0% - 43.4%\n") != std::string::npos);
}

TEST_CASE("text: number summaries rounded for a reader, JSON keeps full precision") {
  const Results r = yes_no_results(0, 0, {-93.42, -42.22075, 1.0 / 3.0, 7});
  const std::string text = results_to_text(r, "en");
  INFO(text);
  // sorted -93.42, -42.22075, 0.3333..., 7: sum -128.3074166..., mean -32.0768541...,
  // p25 = -93.42 + 0.75 * 51.19925 = -55.0205625, median (-42.22075 + 1/3) / 2 = -20.943708...
  CHECK(text.find("  sum        mean     sd     min     p25  median  p75  max\n"
                  "  -128.31  -32.08  46.34  -93.42  -55.02  -20.94    2    7\n") !=
        std::string::npos);
  const std::string json = results_to_json(r);
  CHECK(json.find("\"p25\":-55.02056") != std::string::npos);
  CHECK(json.find("\"median\":-20.94370") != std::string::npos);
}

TEST_CASE("trend: text and xlsx show the option shares per wave, CSV puts waves oldest first") {
  auto old_wave = testing::fixture_questionnaire(2025);
  auto new_wave = testing::fixture_questionnaire(2026);
  auto responses = testing::fixture_responses();
  TablesBuilder a(*old_wave);
  std::vector<Answers> old_rs(responses.begin(), responses.begin() + 4);
  for (auto& x : old_rs) {
    x.erase("clients");
    x["channels"] = Codes{"radio"};
  }
  for (const auto& x : old_rs) a.add(x);
  Results r = compute_results(new_wave, responses);
  r.trend = build_trend({{new_wave, r.overall}, {old_wave, a.finish()}});

  const std::string text = results_to_text(r, "en");
  INFO(text);
  const size_t trend = text.find("== trend\n");
  REQUIRE(trend != std::string::npos);
  // 2025: 4 respondents, all agree, all radio; 2026: the fixture's shares.
  // Columns oldest first; a share of a grouping question is suppressed as in its wave's table;
  // an option not in a wave is "-"; a missing-coded option has no share and no row.
  CHECK(text.find("  question      option      2025    2026\n"
                  "  municipality  853           <5   50.0%\n"
                  "  municipality  202           <5      <5\n"
                  "  municipality  304           <5      <5\n"
                  "  seek_help     disagree    0.0%   33.3%\n"
                  "  seek_help     agree     100.0%   66.7%\n"
                  "  channels      web         0.0%  100.0%\n"
                  "  channels      paper       0.0%   40.0%\n"
                  "  channels      radio     100.0%       -\n"
                  "  grid/r1       a         100.0%  100.0%\n",
                  trend) != std::string::npos);
  CHECK(text.find("  channels      dont_know", trend) == std::string::npos);

  const std::string csv = results_to_csv(r);
  const size_t first_2025 = csv.find("\r\ns,2025,");
  const size_t first_2026 = csv.find("\r\ns,2026,");
  REQUIRE(first_2025 != std::string::npos);
  REQUIRE(first_2026 != std::string::npos);
  CHECK(first_2025 < first_2026);
  CHECK(csv.find("\r\ns,2025,", first_2026) == std::string::npos);  // no 2025 line after 2026

  const std::string path = "analysis_results_trend_test.xlsx";
  CHECK(results_to_xlsx(r, "en", path, "2026-04-01") == "");
  std::remove(path.c_str());
}
