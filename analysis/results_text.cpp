// Plain-text writer for Results: one aligned table per question.
#include "analysis/results_text.h"

// GCC 12 reports a false -Wrestrict on "literal" + std::string (GCC bug 105329).
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <algorithm>
#include <optional>

#include "analysis/results_format.h"

namespace otos::analysis {
namespace {

using model::QuestionType;

size_t width(std::string_view s) {  // UTF-8 code points
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string pad(std::string_view s, size_t w, bool right) {
  std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return right ? fill + std::string(s) : std::string(s) + fill;
}

std::string percent(double v) { return percent_text(v); }

using Row = std::vector<std::string>;

// The first `left` columns left-aligned (labels), the rest right-aligned (figures).
void table(std::string& out, const std::vector<Row>& rows, size_t left = 1) {
  std::vector<size_t> w;
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], width(r[i]));
    }
  for (const auto& r : rows) {
    out += "  ";
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) out += "  ";
      out += pad(r[i], w[i], i >= left);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
}

struct Ctx {
  const model::Questionnaire& q;
  const std::string& lang;
  std::string mark;  // of a suppressed cell: "<MIN_CELL>"
  std::string text(const LocalizedText& t) const { return t.in(lang, q.default_language()); }
};

void choice_table(std::string& out, const Ctx& c, const ChoiceTable& t) {
  std::vector<Row> rows{{"option", "count", "share", "95% CI"}};
  for (const auto& o : t.options) {
    const std::string label = o.option ? c.text(o.option->label) : o.code;
    if (o.suppressed)
      rows.push_back({label + (o.missing ? " (missing)" : ""), c.mark, "", ""});
    else if (o.missing || t.n == 0)
      rows.push_back({label + (o.missing ? " (missing)" : ""), std::to_string(o.count), "", ""});
    else
      rows.push_back({label, std::to_string(o.count), percent(o.share),
                      percent(o.ci.low) + " - " + percent(o.ci.high)});
  }
  table(out, rows);
}

void tables_text(std::string& out, const Ctx& c, const Tables& t) {
  out += "responses: " + std::to_string(t.responses) + "\n";
  for (const auto& r : t.questions) {
    const model::Question& q = *r.question;
    out +=
        "\n" + q.id + " (" + std::string(model::to_string(q.type)) + "): " + c.text(q.text) + "\n";
    out += "  n = " + std::to_string(r.n) + ", missing = " + std::to_string(r.missing) + "\n";
    switch (q.type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
      case QuestionType::MultiChoice:
        choice_table(out, c, r.choice);
        break;
      case QuestionType::Matrix:
        for (const auto& [row, tab] : r.rows) {
          const model::MatrixRow* mr = q.find_row(row);
          out += "  " + (mr ? c.text(mr->text) : row) + " (n = " + std::to_string(tab.n) +
                 ", missing = " + std::to_string(tab.missing) + ")\n";
          choice_table(out, c, tab);
        }
        break;
      case QuestionType::Number: {
        const NumberSummary& s = r.number;
        auto f = [](const std::optional<double>& v) {
          return v ? reader_number(*v) : std::string("-");
        };
        table(out, {{"sum", "mean", "sd", "min", "p25", "median", "p75", "max"},
                    {reader_number(s.sum), f(s.mean), f(s.sd), f(s.min), f(s.p25), f(s.median),
                     f(s.p75), f(s.max)}});
        break;
      }
      case QuestionType::Date:
        if (r.date.n) table(out, {{"min", "max"}, {r.date.min, r.date.max}});
        break;
      case QuestionType::Text:
      case QuestionType::Info:
        break;
    }
  }
  if (!t.indicators.empty()) {
    out += "\nindicators\n";
    std::vector<Row> rows{{"indicator", "count", "n", "share", "95% CI"}};
    for (const auto& ind : t.indicators) {
      const std::string label = c.text(ind.indicator->title);
      if (ind.suppressed)
        rows.push_back({label, c.mark, "", "", ""});
      else if (ind.n == 0)
        rows.push_back({label, "0", "0", "", ""});
      else
        rows.push_back({label, std::to_string(ind.count), std::to_string(ind.n), percent(ind.share),
                        percent(ind.ci.low) + " - " + percent(ind.ci.high)});
    }
    table(out, rows);
  }
}

// The trend cell of a share: the percentage, "<MIN_CELL>" when suppressed, "-" when the wave
// lacks the item or has no substantive answer to it.
std::string trend_cell(const OptionCount* o, int64_t n, int min_cell) {
  if (!o) return "-";
  if (o->suppressed) return suppressed_mark(min_cell);
  if (o->missing || n == 0) return "-";
  return percent(o->share);
}

// Indicators across the waves: one row per indicator, one column per wave (oldest first).
void trend_indicators(std::string& out, const Trend& trend) {
  std::vector<Row> rows{{"indicator"}};
  for (const auto& w : trend.waves) rows[0].push_back(std::to_string(w.questionnaire->version));
  for (const auto& id : trend.indicators) {
    Row r{id};
    for (const auto& w : trend.waves) {
      std::string cell = "-";
      for (const auto& ind : w.tables.indicators) {
        if (ind.indicator->id != id) continue;
        if (ind.suppressed)
          cell = suppressed_mark(w.questionnaire->min_cell);
        else if (ind.n > 0)
          cell = percent(ind.share);
      }
      r.push_back(cell);
    }
    rows.push_back(r);
  }
  table(out, rows);
}

// Option shares across the waves: one row per question (matrix: question/row) and substantive
// option, one column per wave (oldest first). Missing-coded options have no share and no row.
void trend_shares(std::string& out, const Trend& trend) {
  std::vector<Row> rows{{"question", "option"}};
  for (const auto& w : trend.waves) rows[0].push_back(std::to_string(w.questionnaire->version));
  for (const auto& tq : trend.questions) {
    std::vector<std::string> tables = tq.rows;
    if (tables.empty()) tables.push_back("");
    for (const auto& row : tables) {
      for (const auto& code : tq.codes) {
        if (!shared_in_any_wave(trend, tq, row, code)) continue;  // missing-coded: no share
        Row r{row.empty() ? tq.id : tq.id + "/" + row, code};
        for (const auto& w : trend.waves) {
          const ChoiceTable* t = w.tables.find_table(tq.id, row);
          r.push_back(
              trend_cell(t ? t->find(code) : nullptr, t ? t->n : 0, w.questionnaire->min_cell));
        }
        rows.push_back(std::move(r));
      }
    }
  }
  if (rows.size() > 1) table(out, rows, 2);
}

void trend_text(std::string& out, const Trend& trend) {
  out += "\n== trend\n";
  if (!trend.indicators.empty()) trend_indicators(out, trend);
  std::string shares;
  trend_shares(shares, trend);
  if (!shares.empty() && !trend.indicators.empty()) out += '\n';
  out += shares;
  for (const auto& n : trend.notes) out += "  note: " + n.message + "\n";
}

}  // namespace

std::string results_to_text(const Results& results, const std::string& lang) {
  const model::Questionnaire& q = *results.questionnaire;
  const Ctx c{q, lang, suppressed_mark(q.min_cell)};
  std::string out = c.text(q.title) + " (" + q.key() + ")\n";
  tables_text(out, c, results.overall);
  if (results.by) {
    const model::Question& by = *results.by->question;
    out += "\n== by " + by.id + ": " + c.text(by.text) + " (groups under " +
           std::to_string(q.min_cell) + " responses are suppressed)\n";
    std::vector<Row> rows{{"group", "responses"}};
    for (const auto& g : results.by->groups)
      rows.push_back(
          {c.text(g.option->label), g.suppressed ? c.mark : std::to_string(g.responses)});
    table(out, rows);
    for (const auto& g : results.by->groups) {
      if (g.suppressed) continue;
      out += "\n== " + by.id + " = " + c.text(g.option->label) + "\n";
      tables_text(out, c, g.tables);
    }
  }
  if (results.trend) trend_text(out, *results.trend);
  return out;
}

}  // namespace otos::analysis
