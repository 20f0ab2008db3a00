// Plain-text writer for Results: one aligned table per question.
#include "analysis/results_text.h"

// GCC 12 reports a false -Wrestrict on "literal" + std::string (GCC bug 105329).
#pragma GCC diagnostic ignored "-Wrestrict"

#include <algorithm>
#include <cstdio>
#include <optional>

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

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", round_to(v, 4) * 100.0);
  return buf;
}

std::string number(double v) {
  std::string s;
  append_json_number(s, v);
  return s;
}

using Row = std::vector<std::string>;

// First column left-aligned, the rest right-aligned.
void table(std::string& out, const std::vector<Row>& rows) {
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
      out += pad(r[i], w[i], i > 0);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
}

struct Ctx {
  const model::Questionnaire& q;
  const std::string& lang;
  std::string text(const LocalizedText& t) const { return t.in(lang, q.default_language()); }
};

void choice_table(std::string& out, const Ctx& c, const ChoiceTable& t) {
  std::vector<Row> rows{{"option", "count", "share", "95% CI"}};
  for (const auto& o : t.options) {
    const std::string label = o.option ? c.text(o.option->label) : o.code;
    if (o.missing || t.n == 0)
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
        auto f = [](const std::optional<double>& v) { return v ? number(*v) : std::string("-"); };
        table(out, {{"sum", "mean", "sd", "min", "p25", "median", "p75", "max"},
                    {number(s.sum), f(s.mean), f(s.sd), f(s.min), f(s.p25), f(s.median), f(s.p75),
                     f(s.max)}});
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
      if (ind.n == 0)
        rows.push_back({label, "0", "0", "", ""});
      else
        rows.push_back({label, std::to_string(ind.count), std::to_string(ind.n), percent(ind.share),
                        percent(ind.ci.low) + " - " + percent(ind.ci.high)});
    }
    table(out, rows);
  }
}

}  // namespace

std::string results_to_text(const Results& results, const std::string& lang) {
  const model::Questionnaire& q = *results.questionnaire;
  const Ctx c{q, lang};
  std::string out = c.text(q.title) + " (" + q.key() + ")\n";
  tables_text(out, c, results.overall);
  if (results.by) {
    const model::Question& by = *results.by->question;
    const std::string mark = "<" + std::to_string(q.min_cell);
    out += "\n== by " + by.id + ": " + c.text(by.text) + " (groups under " +
           std::to_string(q.min_cell) + " responses are suppressed)\n";
    std::vector<Row> rows{{"group", "responses"}};
    for (const auto& g : results.by->groups)
      rows.push_back({c.text(g.option->label), g.suppressed ? mark : std::to_string(g.responses)});
    table(out, rows);
    for (const auto& g : results.by->groups) {
      if (g.suppressed) continue;
      out += "\n== " + by.id + " = " + c.text(g.option->label) + "\n";
      tables_text(out, c, g.tables);
    }
  }
  if (results.trend) {
    out += "\n== trend\n";
    std::vector<Row> rows{{"indicator"}};
    for (const auto& w : results.trend->waves)
      rows[0].push_back(std::to_string(w.questionnaire->version));
    std::vector<std::string> ids;
    for (const auto& w : results.trend->waves)
      for (const auto& ind : w.tables.indicators)
        if (std::find(ids.begin(), ids.end(), ind.indicator->id) == ids.end())
          ids.push_back(ind.indicator->id);
    for (const auto& id : ids) {
      Row r{id};
      for (const auto& w : results.trend->waves) {
        std::string cell = "-";
        for (const auto& ind : w.tables.indicators)
          if (ind.indicator->id == id && ind.n > 0) cell = percent(ind.share);
        r.push_back(cell);
      }
      rows.push_back(r);
    }
    table(out, rows);
    for (const auto& n : results.trend->notes) out += "  note: " + n.message + "\n";
  }
  return out;
}

}  // namespace otos::analysis
