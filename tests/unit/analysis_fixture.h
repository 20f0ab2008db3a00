// A small questionnaire built in C++ (no YAML) and twelve responses, shared by the analysis
// tests. The expected numbers in each test are derived by hand from the table below.
//
//  #  municipality seek_help  channels        clients  grid            born        note
//  1  853          agree      [web]           1        r1=a, r2=b      2020-05-01  "hello"
//  2  853          agree      [web,paper]     2        r1=x (missing)  2019-01-31
//  3  853          agree      [web]           3        r2=a
//  4  853          agree      [dont_know]     4
//  5  853          disagree   [web,paper]
//  6  853          dont_know
//  7  202          agree      [web]
//  8  202          agree
//  9  202          disagree
// 10  202          disagree
// 11  202          dont_know
// 12  304          (hidden/unanswered: absent)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analysis/results.h"
#include "engine/common/answer_value.h"
#include "engine/model/questionnaire.h"

namespace otos::testing {

inline LocalizedText text(const std::string& s) {
  LocalizedText t;
  t.by_lang[""] = s;
  return t;
}

inline model::Option option(const std::string& code, const std::string& label,
                            bool missing = false) {
  model::Option o;
  o.code = code;
  o.label = text(label);
  o.missing = missing;
  return o;
}

inline model::Question question(const std::string& id, model::QuestionType type,
                                std::vector<model::Option> options = {}) {
  model::Question q;
  q.id = id;
  q.type = type;
  q.text = text("Text of " + id);
  q.options = std::move(options);
  return q;
}

// version 2026 by default; `wave2025` drops `clients` and has channels web, paper, radio.
inline model::QuestionnairePtr fixture_questionnaire(int version = 2026) {
  using QT = model::QuestionType;
  auto q = std::make_shared<model::Questionnaire>();
  q->id = "s";
  q->version = version;
  q->title = text("Survey");
  q->languages = {"en"};
  q->min_cell = 5;
  q->groups = {"municipality"};
  model::Page page;
  page.id = "p";
  page.questions.push_back(
      question("municipality", QT::SingleChoice,
               {option("853", "Turku"), option("202", "Kaarina"), option("304", "Kustavi")}));
  page.questions.push_back(question("seek_help", QT::Likert,
                                    {option("disagree", "Disagree"), option("agree", "Agree"),
                                     option("dont_know", "Don't know", true)}));
  if (version == 2025)
    page.questions.push_back(
        question("channels", QT::MultiChoice,
                 {option("web", "Websites"), option("paper", "Paper"), option("radio", "Radio")}));
  else
    page.questions.push_back(question("channels", QT::MultiChoice,
                                      {option("web", "Websites"), option("paper", "Paper"),
                                       option("dont_know", "Don't know", true)}));
  auto grid = question("grid", QT::Matrix,
                       {option("a", "A"), option("b", "B"), option("x", "Can't say", true)});
  model::MatrixRow r1, r2;
  r1.id = "r1";
  r1.text = text("Row one");
  r2.id = "r2";
  r2.text = text("Row two");
  grid.rows = {r1, r2};
  page.questions.push_back(grid);
  if (version != 2025) page.questions.push_back(question("clients", QT::Number));
  page.questions.push_back(question("born", QT::Date));
  page.questions.push_back(question("note", QT::Text));
  page.questions.push_back(question("intro", QT::Info));
  q->pages.push_back(std::move(page));
  model::Indicator ind;
  ind.id = "willing";
  ind.title = text("Willing");
  ind.question = "seek_help";
  ind.values = {"agree"};
  q->indicators.push_back(ind);
  q->build_index();
  return q;
}

inline std::vector<Answers> fixture_responses() {
  std::vector<Answers> rs(12);
  const char* muni[] = {"853", "853", "853", "853", "853", "853",
                        "202", "202", "202", "202", "202", "304"};
  const char* seek[] = {"agree", "agree", "agree",    "agree",    "disagree", "dont_know",
                        "agree", "agree", "disagree", "disagree", "dont_know"};
  for (size_t i = 0; i < 12; ++i) rs[i]["municipality"] = std::string(muni[i]);
  for (size_t i = 0; i < 11; ++i) rs[i]["seek_help"] = std::string(seek[i]);
  rs[0]["channels"] = Codes{"web"};
  rs[1]["channels"] = Codes{"web", "paper"};
  rs[2]["channels"] = Codes{"web"};
  rs[3]["channels"] = Codes{"dont_know"};
  rs[4]["channels"] = Codes{"web", "paper"};
  rs[6]["channels"] = Codes{"web"};
  for (size_t i = 0; i < 4; ++i) rs[i]["clients"] = static_cast<double>(i + 1);
  rs[0]["grid"] = MatrixAnswer{{"r1", "a"}, {"r2", "b"}};
  rs[1]["grid"] = MatrixAnswer{{"r1", "x"}};
  rs[2]["grid"] = MatrixAnswer{{"r2", "a"}};
  rs[0]["born"] = std::string("2020-05-01");
  rs[1]["born"] = std::string("2019-01-31");
  rs[0]["note"] = std::string("hello");
  return rs;
}

// A --by breakdown with groups "0", "1", ... of these sizes and no tables (suppression tests).
inline analysis::ByResult by_groups(const std::vector<int64_t>& sizes) {
  analysis::ByResult by;
  for (size_t i = 0; i < sizes.size(); ++i) {
    analysis::GroupResult g;
    g.code = std::to_string(i);
    g.responses = sizes[i];
    by.groups.push_back(g);
  }
  return by;
}

}  // namespace otos::testing
