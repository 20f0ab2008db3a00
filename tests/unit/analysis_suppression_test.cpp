// Small-cell suppression (CONTRACT §5) of the option cells of `groups:` questions and of the
// indicators on them, in every Tables and every writer, and the empty-group rule of secondary
// suppression. The data are the audit's: region A 20, B 8, C 3, D 9, X 0 (min_cell 5).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "analysis/results.h"
#include "analysis/results_csv.h"
#include "analysis/results_json.h"
#include "analysis/results_text.h"
#include "analysis/results_xlsx.h"
#include "tests/unit/analysis_fixture.h"

using namespace otos;
using namespace otos::analysis;
using testing::option;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

model::Indicator indicator(const std::string& id, const std::string& question,
                           std::vector<std::string> values) {
  model::Indicator ind;
  ind.id = id;
  ind.title = testing::text("Title of " + id);
  ind.question = question;
  ind.values = std::move(values);
  return ind;
}

// `region` is the reporting group; `seek_help` another question; indicators on both.
// `with_missing` adds a missing-coded option "P" (prefer not to say) to region.
model::QuestionnairePtr audit_questionnaire(int version = 2026, bool with_missing = false) {
  using QT = model::QuestionType;
  auto q = std::make_shared<model::Questionnaire>();
  q->id = "audit";
  q->version = version;
  q->title = testing::text("Audit");
  q->languages = {"en"};
  q->min_cell = 5;
  q->groups = {"region"};
  std::vector<model::Option> regions{option("A", "North"), option("B", "South"),
                                     option("C", "Islands"), option("D", "East"),
                                     option("X", "Abroad")};
  if (with_missing) regions.push_back(option("P", "Prefer not to say", true));
  model::Page page;
  page.id = "p";
  page.questions.push_back(testing::question("region", QT::SingleChoice, regions));
  page.questions.push_back(testing::question(
      "seek_help", QT::Likert, {option("disagree", "Disagree"), option("agree", "Agree")}));
  q->pages.push_back(std::move(page));
  q->indicators = {indicator("in_north", "region", {"A"}),
                   indicator("in_islands_or_east", "region", {"C", "D"}),
                   indicator("willing", "seek_help", {"agree"})};
  q->build_index();
  return q;
}

// A 20, B 8, C 3, D 9 (X nobody); seek_help alternates agree/disagree, so that every region
// has answers in both seek_help groups (C: agree 2, disagree 1).
std::vector<Answers> audit_responses(int prefer_not = 0) {
  std::vector<Answers> rs;
  const std::pair<const char*, int> sizes[] = {{"A", 20}, {"B", 8}, {"C", 3}, {"D", 9}};
  int i = 0;
  for (const auto& [code, size] : sizes) {
    for (int k = 0; k < size; ++k, ++i) {
      Answers a;
      a["region"] = std::string(code);
      a["seek_help"] = std::string(k % 2 ? "disagree" : "agree");
      rs.push_back(a);
    }
  }
  for (int k = 0; k < prefer_not; ++k) rs.push_back({{"region", std::string("P")}});
  return rs;
}

const QuestionResult& find(const Tables& t, const std::string& id) {
  for (const auto& q : t.questions)
    if (q.question->id == id) return q;
  FAIL("no question " << id);
  return t.questions.front();
}

const OptionCount& option_of(const Tables& t, const std::string& qid, const std::string& code) {
  for (const auto& o : find(t, qid).choice.options)
    if (o.code == code) return o;
  FAIL("no option " << code);
  return find(t, qid).choice.options.front();
}

const IndicatorResult& indicator_of(const Tables& t, const std::string& id) {
  for (const auto& ind : t.indicators)
    if (ind.indicator->id == id) return ind;
  FAIL("no indicator " << id);
  return t.indicators.front();
}

// Every count of a `groups:` question that `t` publishes is at least min_cell.
void check_no_small_region_cell(const Tables& t) {
  for (const auto& o : find(t, "region").choice.options) {
    INFO("option " << o.code);
    if (o.suppressed) {
      CHECK(o.count == 0);
      CHECK(o.share == 0);
      CHECK(o.ci.low == 0);
      CHECK(o.ci.high == 0);
    } else {
      CHECK(o.count >= 5);
    }
  }
}

}  // namespace

TEST_CASE("an empty group is no partner: A 20, B 8, C 3, D 9, X 0 suppresses C, X and B") {
  ByResult by = testing::by_groups({20, 8, 3, 9, 0});
  apply_suppression(by, 5);
  CHECK_FALSE(by.groups[0].suppressed);
  CHECK(by.groups[1].suppressed);  // the smallest published group, partner of C
  CHECK(by.groups[2].suppressed);  // C: 3 < 5
  CHECK_FALSE(by.groups[3].suppressed);
  CHECK(by.groups[4].suppressed);  // X: empty, suppressed but not counted
}

TEST_CASE("suppressed_cells: the rules on plain sizes") {
  using V = std::vector<bool>;
  auto run = [](std::vector<Cell> cells) { return suppressed_cells(cells, 5); };
  CHECK(run({{20}, {8}, {3}, {9}, {0}}) == V{false, true, true, false, true});
  CHECK(run({{20}, {0}, {0}}) == V{false, true, true});  // only empty cells: nothing more
  CHECK(run({{20}, {3}, {4}, {6}}) == V{false, true, true, false});  // two small ones
  CHECK(run({{10}, {3}, {6}, {6}}) == V{false, true, true, false});  // tie: first in order
  CHECK(run({{5}, {5}}) == V{false, false});                         // min_cell is published
  CHECK(run({{6}, {2}}) == V{true, true});  // two groups: the other one is the partner
  // A missing-coded cell adds up to `missing`, not to n: it is not the partner of a
  // substantive cell (C would be n minus A and B), and a hidden one of it pulls in no
  // substantive cell.
  CHECK(run({{20}, {8}, {3}, {2, true}}) == V{false, true, true, true});
  CHECK(run({{20}, {8}, {6}, {3, true}}) == V{false, false, false, true});
}

TEST_CASE("the overall table of a grouping question suppresses small options, n stays") {
  auto q = audit_questionnaire();
  const Results r = compute_results(q, audit_responses());
  const QuestionResult& region = find(r.overall, "region");
  CHECK(region.n == 40);
  CHECK(region.choice.n == 40);
  CHECK(region.missing == 0);
  CHECK_FALSE(option_of(r.overall, "region", "A").suppressed);
  CHECK(option_of(r.overall, "region", "A").count == 20);
  CHECK(option_of(r.overall, "region", "A").share == 0.5);
  CHECK(option_of(r.overall, "region", "B").suppressed);  // secondary
  CHECK(option_of(r.overall, "region", "C").suppressed);  // 3 < 5
  CHECK(option_of(r.overall, "region", "D").count == 9);
  CHECK(option_of(r.overall, "region", "X").suppressed);  // empty
  check_no_small_region_cell(r.overall);
  // A question outside `groups:` publishes every count.
  CHECK_FALSE(option_of(r.overall, "seek_help", "agree").suppressed);
}

TEST_CASE("an indicator on a grouping question is suppressed when it counts a hidden code") {
  auto q = audit_questionnaire();
  const Results r = compute_results(q, audit_responses());
  const IndicatorResult& north = indicator_of(r.overall, "in_north");
  CHECK_FALSE(north.suppressed);
  CHECK(north.count == 20);
  CHECK(north.n == 40);
  const IndicatorResult& islands = indicator_of(r.overall, "in_islands_or_east");
  CHECK(islands.suppressed);  // counts C
  CHECK(islands.count == 0);
  CHECK(islands.share == 0);
  CHECK(islands.ci.high == 0);
  CHECK_FALSE(indicator_of(r.overall, "willing").suppressed);  // not on a grouping question
}

TEST_CASE("--by region: the groups and the overall cells are suppressed alike") {
  auto q = audit_questionnaire();
  const Results r = compute_results(q, audit_responses(), q->find_question("region"));
  REQUIRE(r.by);
  for (const auto& g : r.by->groups) {
    INFO("group " << g.code);
    CHECK(g.suppressed == option_of(r.overall, "region", g.code).suppressed);
    if (!g.suppressed) check_no_small_region_cell(g.tables);
  }
  CHECK(r.by->groups[1].suppressed);  // B, the partner of C (X is empty)
}

TEST_CASE("--by another question: each group's table of the grouping question is suppressed") {
  // The cross-tab leak: region C's 3 respondents are 2 agree and 1 disagree.
  auto q = audit_questionnaire();
  const Results r = compute_results(q, audit_responses(), q->find_question("seek_help"));
  REQUIRE(r.by);
  REQUIRE(r.by->groups.size() == 2);
  for (const auto& g : r.by->groups) {
    INFO("group " << g.code);
    REQUIRE_FALSE(g.suppressed);
    check_no_small_region_cell(g.tables);
    CHECK(option_of(g.tables, "region", "C").suppressed);
    CHECK(indicator_of(g.tables, "in_islands_or_east").suppressed);
  }
  const std::string json = results_to_json(r);
  CHECK_FALSE(contains(json, "\"C\":{\"count\""));
}

TEST_CASE("each trend wave's tables are suppressed too") {
  auto q = audit_questionnaire();
  TablesBuilder b(*q);
  for (const auto& a : audit_responses()) b.add(a);
  const Tables t = b.finish();
  check_no_small_region_cell(t);
  CHECK(option_of(t, "region", "C").suppressed);
}

TEST_CASE("a missing-coded option of a grouping question is handled on its own") {
  auto q = audit_questionnaire(2026, true);
  const Results r = compute_results(q, audit_responses(2), q->find_question("region"));
  const QuestionResult& region = find(r.overall, "region");
  CHECK(region.n == 40);
  CHECK(region.missing == 2);                             // stays published
  CHECK(option_of(r.overall, "region", "B").suppressed);  // C's partner is substantive
  CHECK(option_of(r.overall, "region", "P").suppressed);  // 2 < 5
  CHECK_FALSE(option_of(r.overall, "region", "D").suppressed);
  REQUIRE(r.by);
  for (const auto& g : r.by->groups)
    CHECK(g.suppressed == option_of(r.overall, "region", g.code).suppressed);
  CHECK(contains(results_to_json(r), "\"P\":{\"suppressed\":true}"));
}

TEST_CASE("writers: JSON, CSV, text and xlsx publish nothing of a suppressed cell") {
  auto q = audit_questionnaire();
  const Results r = compute_results(q, audit_responses(), q->find_question("region"));
  const std::string json = results_to_json(r);
  CHECK(contains(json,
                 "\"region\":{\"type\":\"single_choice\",\"n\":40,\"missing\":0,\"options\":{"
                 "\"A\":{\"count\":20,\"share\":0.5,\"ci95\":[0.352,0.648]},"
                 "\"B\":{\"suppressed\":true},\"C\":{\"suppressed\":true},"
                 "\"D\":{\"count\":9,"));
  CHECK(contains(json, "\"X\":{\"suppressed\":true}}}"));
  CHECK(contains(json, "\"in_islands_or_east\":{\"suppressed\":true}"));
  CHECK(contains(json, "\"in_north\":{\"n\":40,\"count\":20,"));

  const std::string csv = results_to_csv(r);
  CHECK(contains(csv, "audit,2026,,region,,C,<5,40,,,,\r\n"));
  CHECK(contains(csv, "audit,2026,,region,,B,<5,40,,,,\r\n"));
  CHECK(contains(csv, "audit,2026,,region,,A,20,40,0.5,0.352,0.648,\r\n"));
  CHECK(contains(csv, "audit,2026,,in_islands_or_east,,,<5,,,,,indicator\r\n"));
  CHECK(contains(csv, "audit,2026,region=A,region,,C,<5,20,,,,\r\n"));
  CHECK_FALSE(contains(csv, "region,,C,3,"));

  const std::string text = results_to_text(r, "en");
  CHECK(contains(text, "  Islands     <5\n"));
  CHECK(contains(text, "  South       <5\n"));
  CHECK(contains(text, "  Title of in_islands_or_east     <5\n"));

  const std::string path = "analysis_suppression_test.xlsx";
  CHECK(results_to_xlsx(r, "en", path, "2026-04-01") == "");
  std::remove(path.c_str());
}
