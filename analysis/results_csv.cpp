// Tidy CSV writer for Results.
#include "analysis/results_csv.h"

#include <optional>

#include "analysis/csv.h"
#include "analysis/results_format.h"

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
  std::string_view mark;  // "<MIN_CELL>", the count of a suppressed cell
};

// The figures of one line. `value` is a number (a statistic) or a text (a date, or the markers
// "missing" and "indicator"); only a text gets the formula-injection guard.
struct Figures {
  std::string count, n, share, lo, hi, value;
  bool value_is_number = false;
};

void line(std::string& out, const Line& l, std::string_view question, std::string_view row,
          std::string_view option, const Figures& f) {
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
  for (const std::string* cell : {&f.count, &f.n, &f.share, &f.lo, &f.hi}) {
    out += ',';
    append_csv_number(out, *cell);
  }
  out += ',';
  if (f.value_is_number)
    append_csv_number(out, f.value);
  else
    append_csv_text(out, f.value);
  out += "\r\n";
}

// count, share and interval of a published share (share and interval empty when n is 0).
Figures shared(int64_t count, int64_t n, double share, const Interval& ci) {
  Figures f{std::to_string(count), std::to_string(n), "", "", "", ""};
  if (n > 0) {
    f.share = fmt(round_to(share, 4));
    f.lo = fmt(round_to(ci.low, 4));
    f.hi = fmt(round_to(ci.high, 4));
  }
  return f;
}

void table_lines(std::string& out, const Line& l, std::string_view qid, std::string_view row,
                 const ChoiceTable& t) {
  for (const auto& o : t.options) {
    Figures f;
    if (o.suppressed)  // the table's n stays published; the cell's figures do not
      f = {std::string(l.mark), std::to_string(t.n), "", "", "", ""};
    else if (o.missing)
      f = {std::to_string(o.count), std::to_string(t.n), "", "", "", ""};
    else
      f = shared(o.count, t.n, o.share, o.ci);
    if (o.missing) f.value = "missing";
    line(out, l, qid, row, o.code, f);
  }
}

void stat(std::string& out, const Line& l, std::string_view qid, std::string_view name, int64_t n,
          const std::optional<double>& v) {
  line(out, l, qid, "", name, {"", std::to_string(n), "", "", "", v ? fmt(*v) : "", true});
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
        line(out, l, q.id, "", "min", {"", std::to_string(r.n), "", "", "", r.date.min});
        line(out, l, q.id, "", "max", {"", std::to_string(r.n), "", "", "", r.date.max});
        break;
      case QuestionType::Text:
      case QuestionType::Info:
        line(out, l, q.id, "", "", {"", std::to_string(r.n), "", "", "", ""});
        break;
    }
  }
  for (const auto& ind : t.indicators) {
    Figures f = ind.suppressed ? Figures{std::string(l.mark), "", "", "", "", ""}
                               : shared(ind.count, ind.n, ind.share, ind.ci);
    f.value = "indicator";
    line(out, l, ind.indicator->id, "", "", f);
  }
}

// One line per question/option of `shape` with count "<MIN_CELL>" and nothing else.
void suppressed_lines(std::string& out, const Line& l, const model::Questionnaire& shape) {
  const Figures hidden{std::string(l.mark), "", "", "", "", ""};
  for (const model::Question* q : shape.questions()) {
    if (!q->asks()) continue;
    if (q->type == QuestionType::Matrix) {
      for (const auto& row : q->rows)
        for (const auto& o : q->options) line(out, l, q->id, row.id, o.code, hidden);
    } else if (!q->options.empty()) {
      for (const auto& o : q->options) line(out, l, q->id, "", o.code, hidden);
    } else {
      line(out, l, q->id, "", "", hidden);
    }
  }
  Figures indicator = hidden;
  indicator.value = "indicator";
  for (const auto& ind : shape.indicators) line(out, l, ind.id, "", "", indicator);
}

// The lines of the chosen wave: all responses, then each --by group.
void wave_lines(std::string& out, const Results& results, const Line& l) {
  tables_lines(out, l, results.overall);
  if (!results.by) return;
  for (const auto& g : results.by->groups) {
    std::string group = results.by->question->id;
    group += '=';
    group += g.code;
    const Line gl{l.survey, l.version, group, l.mark};
    if (g.suppressed)
      suppressed_lines(out, gl, *results.questionnaire);
    else
      tables_lines(out, gl, g.tables);
  }
}

}  // namespace

std::string results_to_csv(const Results& results) {
  const model::Questionnaire& q = *results.questionnaire;
  std::string out =
      "survey,version,group,question,row,option,count,n,share,ci_low,ci_high,value\r\n";
  const std::string mark = suppressed_mark(q.min_cell);
  if (!results.trend) {
    wave_lines(out, results, {q.id, q.version, "", mark});
    return out;
  }
  // With the trend every wave in version order, oldest first (CONTRACT §5), the chosen one in
  // its place with its groups.
  bool chosen_written = false;
  for (const auto& w : results.trend->waves) {
    const model::Questionnaire& wq = *w.questionnaire;
    if (wq.version == q.version) {
      wave_lines(out, results, {q.id, q.version, "", mark});
      chosen_written = true;
      continue;
    }
    const std::string wave_mark = suppressed_mark(wq.min_cell);
    tables_lines(out, {wq.id, wq.version, "", wave_mark}, w.tables);
  }
  if (!chosen_written) wave_lines(out, results, {q.id, q.version, "", mark});
  return out;
}

}  // namespace otos::analysis
