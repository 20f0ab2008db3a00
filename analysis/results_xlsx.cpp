// xlsx writer for Results.
#include "analysis/results_xlsx.h"

// GCC 12 reports a false -Wrestrict on "literal" + std::string (GCC bug 105329).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "analysis/results_format.h"
#include "analysis/xlsx_util.h"

namespace otos::analysis {
namespace {

using model::QuestionType;

struct Book {
  lxw_workbook* wb;
  lxw_format* bold;
  lxw_format* pct;
  const model::Questionnaire& q;
  const std::string& lang;
  std::string mark;  // of a suppressed cell: "<MIN_CELL>"
  std::string text(const LocalizedText& t) const { return t.in(lang, q.default_language()); }
};

// Writes one choice table starting at *row; advances *row.
void choice_block(const Book& b, lxw_worksheet* ws, lxw_row_t* row, const ChoiceTable& t) {
  const char* heads[] = {"option", "code", "count", "share", "95% CI low", "95% CI high"};
  for (int c = 0; c < 6; ++c) worksheet_write_string(ws, *row, c, heads[c], b.bold);
  ++*row;
  for (const auto& o : t.options) {
    std::string label = o.option ? b.text(o.option->label) : o.code;
    if (o.missing) label += " (missing)";
    worksheet_write_string(ws, *row, 0, label.c_str(), nullptr);
    worksheet_write_string(ws, *row, 1, o.code.c_str(), nullptr);
    if (o.suppressed) {
      worksheet_write_string(ws, (*row)++, 2, b.mark.c_str(), nullptr);
      continue;
    }
    worksheet_write_number(ws, *row, 2, static_cast<double>(o.count), nullptr);
    if (!o.missing && t.n > 0) {
      worksheet_write_number(ws, *row, 3, round_to(o.share, 4), b.pct);
      worksheet_write_number(ws, *row, 4, round_to(o.ci.low, 4), b.pct);
      worksheet_write_number(ws, *row, 5, round_to(o.ci.high, 4), b.pct);
    }
    ++*row;
  }
  worksheet_write_string(ws, *row, 0, "n", b.bold);
  worksheet_write_number(ws, *row, 2, static_cast<double>(t.n), nullptr);
  ++*row;
  worksheet_write_string(ws, *row, 0, "missing", b.bold);
  worksheet_write_number(ws, *row, 2, static_cast<double>(t.missing), nullptr);
  *row += 2;
}

void question_block(const Book& b, lxw_worksheet* ws, lxw_row_t* row, const QuestionResult& r) {
  const model::Question& q = *r.question;
  switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::Likert:
    case QuestionType::MultiChoice:
      choice_block(b, ws, row, r.choice);
      break;
    case QuestionType::Matrix:
      for (const auto& [id, t] : r.rows) {
        const model::MatrixRow* mr = q.find_row(id);
        worksheet_write_string(ws, (*row)++, 0, (mr ? b.text(mr->text) : id).c_str(), b.bold);
        choice_block(b, ws, row, t);
      }
      break;
    case QuestionType::Number: {
      const NumberSummary& s = r.number;
      const std::pair<const char*, std::optional<double>> stats[] = {
          {"n", static_cast<double>(s.n)},
          {"sum", s.sum},
          {"mean", s.mean},
          {"sd", s.sd},
          {"min", s.min},
          {"p25", s.p25},
          {"median", s.median},
          {"p75", s.p75},
          {"max", s.max}};
      for (const auto& [name, v] : stats) {
        worksheet_write_string(ws, *row, 0, name, b.bold);
        if (v) worksheet_write_number(ws, *row, 1, *v, nullptr);
        ++*row;
      }
      ++*row;
      break;
    }
    case QuestionType::Date:
      worksheet_write_string(ws, *row, 0, "n", b.bold);
      worksheet_write_number(ws, (*row)++, 1, static_cast<double>(r.n), nullptr);
      worksheet_write_string(ws, *row, 0, "min", b.bold);
      worksheet_write_string(ws, (*row)++, 1, r.date.min.c_str(), nullptr);
      worksheet_write_string(ws, *row, 0, "max", b.bold);
      worksheet_write_string(ws, (*row)++, 1, r.date.max.c_str(), nullptr);
      ++*row;
      break;
    case QuestionType::Text:
    case QuestionType::Info:
      worksheet_write_string(ws, *row, 0, "n", b.bold);
      worksheet_write_number(ws, (*row)++, 1, static_cast<double>(r.n), nullptr);
      ++*row;
      break;
  }
}

void indicator_rows(const Book& b, lxw_worksheet* ws, lxw_row_t* row, const Tables& t) {
  const char* heads[] = {"indicator", "id", "count", "n", "share", "95% CI low", "95% CI high"};
  for (int c = 0; c < 7; ++c) worksheet_write_string(ws, *row, c, heads[c], b.bold);
  ++*row;
  for (const auto& ind : t.indicators) {
    worksheet_write_string(ws, *row, 0, b.text(ind.indicator->title).c_str(), nullptr);
    worksheet_write_string(ws, *row, 1, ind.indicator->id.c_str(), nullptr);
    if (ind.suppressed) {
      worksheet_write_string(ws, (*row)++, 2, b.mark.c_str(), nullptr);
      continue;
    }
    worksheet_write_number(ws, *row, 2, static_cast<double>(ind.count), nullptr);
    worksheet_write_number(ws, *row, 3, static_cast<double>(ind.n), nullptr);
    if (ind.n > 0) {
      worksheet_write_number(ws, *row, 4, round_to(ind.share, 4), b.pct);
      worksheet_write_number(ws, *row, 5, round_to(ind.ci.low, 4), b.pct);
      worksheet_write_number(ws, *row, 6, round_to(ind.ci.high, 4), b.pct);
    }
    ++*row;
  }
  ++*row;
}

// One cell of the trend sheet: the share as a percentage, "<MIN_CELL>" when suppressed, empty
// when the wave lacks the option or has no substantive answer.
void trend_cell(const Book& b, lxw_worksheet* ws, lxw_row_t row, lxw_col_t col,
                const ChoiceTable* t, const std::string& code, int min_cell) {
  const OptionCount* o = t ? t->find(code) : nullptr;
  if (!o) return;
  if (o->suppressed)
    worksheet_write_string(ws, row, col, suppressed_mark(min_cell).c_str(), nullptr);
  else if (!o->missing && t->n > 0)
    worksheet_write_number(ws, row, col, round_to(o->share, 4), b.pct);
}

// The option shares of every wave side by side: one row per question (matrix: and row) and
// option, one column per wave, oldest first.
void trend_sheet(const Book& b, lxw_worksheet* ws, const Trend& trend) {
  const char* heads[] = {"question", "row", "option"};
  for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(ws, 0, c, heads[c], b.bold);
  for (size_t w = 0; w < trend.waves.size(); ++w)
    worksheet_write_number(ws, 0, static_cast<lxw_col_t>(3 + w),
                           trend.waves[w].questionnaire->version, b.bold);
  lxw_row_t row = 1;
  for (const auto& tq : trend.questions) {
    std::vector<std::string> rows = tq.rows;
    if (rows.empty()) rows.push_back("");
    for (const auto& r : rows) {
      for (const auto& code : tq.codes) {
        if (!shared_in_any_wave(trend, tq, r, code)) continue;  // missing-coded: no share
        worksheet_write_string(ws, row, 0, tq.id.c_str(), nullptr);
        worksheet_write_string(ws, row, 1, r.c_str(), nullptr);
        worksheet_write_string(ws, row, 2, code.c_str(), nullptr);
        for (size_t w = 0; w < trend.waves.size(); ++w) {
          const TrendWave& wave = trend.waves[w];
          trend_cell(b, ws, row, static_cast<lxw_col_t>(3 + w), wave.tables.find_table(tq.id, r),
                     code, wave.questionnaire->min_cell);
        }
        ++row;
      }
    }
  }
  for (const auto& n : trend.notes)
    worksheet_write_string(ws, ++row, 0, n.message.c_str(), nullptr);
  worksheet_set_column(ws, 0, 2, 18, nullptr);
}

}  // namespace

std::string results_to_xlsx(const Results& results, const std::string& lang,
                            const std::string& path, const std::string& date) {
  const model::Questionnaire& q = *results.questionnaire;
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return "cannot create " + path;
  Book b{wb,   workbook_add_format(wb),    workbook_add_format(wb), q,
         lang, suppressed_mark(q.min_cell)};
  format_set_bold(b.bold);
  format_set_num_format(b.pct, "0.0%");
  std::set<std::string> used;
  const std::string& mark = b.mark;

  lxw_worksheet* cover = workbook_add_worksheet(wb, sheet_name("cover", used).c_str());
  const std::pair<std::string, std::string> facts[] = {
      {"survey", q.id},
      {"title", b.text(q.title)},
      {"version", std::to_string(q.version)},
      {"date", date},
      {"responses", std::to_string(results.overall.responses)},
      {"suppression", "groups with fewer than " + std::to_string(q.min_cell) +
                          " responses are shown as " + mark +
                          ", and so are the options of a grouping question with fewer answers "
                          "(and the indicators that count them); when exactly one non-empty "
                          "group or option is suppressed, the next smallest is too"},
      {"shares", "share = count / n (missing-coded answers excluded); 95% Wilson interval"}};
  lxw_row_t row = 0;
  for (const auto& [k, v] : facts) {
    worksheet_write_string(cover, row, 0, k.c_str(), b.bold);
    worksheet_write_string(cover, row++, 1, v.c_str(), nullptr);
  }
  worksheet_set_column(cover, 0, 0, 14, nullptr);
  worksheet_set_column(cover, 1, 1, 60, nullptr);

  if (!results.overall.indicators.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name("indicators", used).c_str());
    row = 0;
    indicator_rows(b, ws, &row, results.overall);
    if (results.trend) {
      for (const auto& w : results.trend->waves) {
        worksheet_write_string(
            ws, row++, 0, ("wave " + std::to_string(w.questionnaire->version)).c_str(), b.bold);
        indicator_rows(b, ws, &row, w.tables);
      }
      for (const auto& n : results.trend->notes)
        worksheet_write_string(ws, row++, 0, n.message.c_str(), nullptr);
    }
    worksheet_set_column(ws, 0, 0, 40, nullptr);
  }
  if (results.trend)
    trend_sheet(b, workbook_add_worksheet(wb, sheet_name("trend", used).c_str()), *results.trend);

  for (size_t i = 0; i < results.overall.questions.size(); ++i) {
    const QuestionResult& r = results.overall.questions[i];
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name(r.question->id, used).c_str());
    worksheet_set_column(ws, 0, 0, 40, nullptr);
    row = 0;
    worksheet_write_string(ws, row++, 0, b.text(r.question->text).c_str(), b.bold);
    worksheet_write_string(
        ws, row++, 0, ("all responses (" + std::to_string(results.overall.responses) + ")").c_str(),
        b.bold);
    question_block(b, ws, &row, r);
    if (results.by) {
      for (const auto& g : results.by->groups) {
        const std::string head = results.by->question->id + " = " + b.text(g.option->label);
        worksheet_write_string(ws, row, 0, head.c_str(), b.bold);
        if (g.suppressed) {
          worksheet_write_string(ws, row, 1, mark.c_str(), nullptr);
          row += 2;
          continue;
        }
        ++row;
        question_block(b, ws, &row, g.tables.questions[i]);
      }
    }
  }
  const lxw_error err = workbook_close(wb);
  return err == LXW_NO_ERROR ? "" : std::string("cannot write xlsx: ") + lxw_strerror(err);
}

}  // namespace otos::analysis
