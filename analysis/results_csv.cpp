// Tidy CSV writer for Results.
#include "analysis/results_csv.h"

#include <optional>

#include "analysis/csv.h"

namespace otos::analysis {
namespace {

using model::QuestionType;

std::string fmt(double v) {
  std::string s;
  append_json_number(s, v);
  return s;
}

struct Line {
  std::string_view survey;
  int version;
  std::string_view group;
};

void line(std::string& out, const Line& l, std::string_view question, std::string_view row,
          std::string_view option, const std::string& count, const std::string& n,
          const std::string& share, const std::string& lo, const std::string& hi,
          const std::string& value) {
  append_csv_text(out, l.survey);
  out += ',';
  out += std::to_string(l.version);
  out += ',';
  append_csv_text(out, l.group);
  out += ',';
  append_csv_text(out, question);
  out += ',';
  append_csv_text(out, row);
  out += ',';
  append_csv_text(out, option);
  for (const std::string* cell : {&count, &n, &share, &lo, &hi}) {
    out += ',';
    append_csv_number(out, *cell);
  }
  out += ',';
  append_csv_text(out, value);
  out += "\r\n";
}

void table_lines(std::string& out, const Line& l, std::string_view qid, std::string_view row,
                 const ChoiceTable& t) {
  for (const auto& o : t.options) {
    const bool shared = !o.missing && t.n > 0;
    line(out, l, qid, row, o.code, std::to_string(o.count), std::to_string(t.n),
         shared ? fmt(round_to(o.share, 4)) : "", shared ? fmt(round_to(o.ci.low, 4)) : "",
         shared ? fmt(round_to(o.ci.high, 4)) : "", o.missing ? "missing" : "");
  }
}

void stat(std::string& out, const Line& l, std::string_view qid, std::string_view name, int64_t n,
          const std::optional<double>& v) {
  line(out, l, qid, "", name, "", std::to_string(n), "", "", "", v ? fmt(*v) : "");
}

void tables_lines(std::string& out, const Line& l, const Tables& t) {
  for (const auto& r : t.questions) {
    const model::Question& q = *r.question;
    switch (q.type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
      case QuestionType::MultiChoice:
        table_lines(out, l, q.id, "", r.choice);
        break;
      case QuestionType::Matrix:
        for (const auto& [row, table] : r.rows) table_lines(out, l, q.id, row, table);
        break;
      case QuestionType::Number: {
        const NumberSummary& s = r.number;
        stat(out, l, q.id, "sum", s.n, s.sum);
        stat(out, l, q.id, "mean", s.n, s.mean);
        stat(out, l, q.id, "sd", s.n, s.sd);
        stat(out, l, q.id, "min", s.n, s.min);
        stat(out, l, q.id, "p25", s.n, s.p25);
        stat(out, l, q.id, "median", s.n, s.median);
        stat(out, l, q.id, "p75", s.n, s.p75);
        stat(out, l, q.id, "max", s.n, s.max);
        break;
      }
      case QuestionType::Date:
        line(out, l, q.id, "", "min", "", std::to_string(r.n), "", "", "", r.date.min);
        line(out, l, q.id, "", "max", "", std::to_string(r.n), "", "", "", r.date.max);
        break;
      case QuestionType::Text:
      case QuestionType::Info:
        line(out, l, q.id, "", "", "", std::to_string(r.n), "", "", "", "");
        break;
    }
  }
  for (const auto& ind : t.indicators) {
    const bool shared = ind.n > 0;
    line(out, l, ind.indicator->id, "", "", std::to_string(ind.count), std::to_string(ind.n),
         shared ? fmt(round_to(ind.share, 4)) : "", shared ? fmt(round_to(ind.ci.low, 4)) : "",
         shared ? fmt(round_to(ind.ci.high, 4)) : "", "indicator");
  }
}

// One line per question/option of `shape` with count "<MIN_CELL>" and nothing else.
void suppressed_lines(std::string& out, const Line& l, const model::Questionnaire& shape) {
  std::string mark = "<";
  mark += std::to_string(shape.min_cell);
  for (const model::Question* q : shape.questions()) {
    if (!q->asks()) continue;
    if (q->type == QuestionType::Matrix) {
      for (const auto& row : q->rows)
        for (const auto& o : q->options)
          line(out, l, q->id, row.id, o.code, mark, "", "", "", "", "");
    } else if (!q->options.empty()) {
      for (const auto& o : q->options) line(out, l, q->id, "", o.code, mark, "", "", "", "", "");
    } else {
      line(out, l, q->id, "", "", mark, "", "", "", "", "");
    }
  }
  for (const auto& ind : shape.indicators)
    line(out, l, ind.id, "", "", mark, "", "", "", "", "indicator");
}

}  // namespace

std::string results_to_csv(const Results& results) {
  const model::Questionnaire& q = *results.questionnaire;
  std::string out =
      "survey,version,group,question,row,option,count,n,share,ci_low,ci_high,value\r\n";
  tables_lines(out, {q.id, q.version, ""}, results.overall);
  if (results.by) {
    for (const auto& g : results.by->groups) {
      std::string group = results.by->question->id;
      group += '=';
      group += g.code;
      if (g.suppressed)
        suppressed_lines(out, {q.id, q.version, group}, q);
      else
        tables_lines(out, {q.id, q.version, group}, g.tables);
    }
  }
  if (results.trend) {
    for (const auto& w : results.trend->waves) {
      if (w.questionnaire->version == q.version) continue;  // already above
      tables_lines(out, {w.questionnaire->id, w.questionnaire->version, ""}, w.tables);
    }
  }
  return out;
}

}  // namespace otos::analysis
