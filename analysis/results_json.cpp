// JSON writer for Results; key order is fixed so output can be golden-tested.
#include "analysis/results_json.h"

#include <optional>

namespace otos::analysis {
namespace {

using model::QuestionType;

void key(std::string& out, std::string_view k) {
  append_json_string(out, k);
  out += ':';
}

void num(std::string& out, double v) { append_json_number(out, v); }
void num(std::string& out, int64_t v) { out += std::to_string(v); }
void opt(std::string& out, const std::optional<double>& v) {
  if (v)
    append_json_number(out, *v);
  else
    out += "null";
}
void share4(std::string& out, double v) { append_json_number(out, round_to(v, 4)); }

void write_share(std::string& out, int64_t count, int64_t n, double share, const Interval& ci) {
  key(out, "count");
  num(out, count);
  out += ',';
  key(out, "share");
  if (n == 0) {
    out += "null,";
    key(out, "ci95");
    out += "null";
    return;
  }
  share4(out, share);
  out += ',';
  key(out, "ci95");
  out += '[';
  share4(out, ci.low);
  out += ',';
  share4(out, ci.high);
  out += ']';
}

void write_table(std::string& out, const ChoiceTable& t) {
  key(out, "n");
  num(out, t.n);
  out += ',';
  key(out, "missing");
  num(out, t.missing);
  out += ',';
  key(out, "options");
  out += '{';
  bool first = true;
  for (const auto& o : t.options) {
    if (!first) out += ',';
    first = false;
    key(out, o.code);
    out += '{';
    if (o.suppressed) {
      out += "\"suppressed\":true";
    } else if (o.missing) {
      key(out, "count");
      num(out, o.count);
      out += ",\"missing\":true";
    } else {
      write_share(out, o.count, t.n, o.share, o.ci);
    }
    out += '}';
  }
  out += '}';
}

void write_question(std::string& out, const QuestionResult& r) {
  const model::Question& q = *r.question;
  out += '{';
  key(out, "type");
  append_json_string(out, model::to_string(q.type));
  out += ',';
  switch (q.type) {
    case QuestionType::SingleChoice:
    case QuestionType::Likert:
    case QuestionType::MultiChoice:
      write_table(out, r.choice);
      break;
    case QuestionType::Matrix: {
      key(out, "n");
      num(out, r.n);
      out += ',';
      key(out, "missing");
      num(out, r.missing);
      out += ',';
      key(out, "rows");
      out += '{';
      bool first = true;
      for (const auto& [id, t] : r.rows) {
        if (!first) out += ',';
        first = false;
        key(out, id);
        out += '{';
        write_table(out, t);
        out += '}';
      }
      out += '}';
      break;
    }
    case QuestionType::Number: {
      const NumberSummary& s = r.number;
      key(out, "n");
      num(out, s.n);
      out += ",\"missing\":0,";
      key(out, "sum");
      num(out, s.sum);
      const std::pair<const char*, const std::optional<double>*> stats[] = {
          {"mean", &s.mean},     {"sd", &s.sd},   {"min", &s.min}, {"p25", &s.p25},
          {"median", &s.median}, {"p75", &s.p75}, {"max", &s.max}};
      for (const auto& [name, value] : stats) {
        out += ',';
        key(out, name);
        opt(out, *value);
      }
      break;
    }
    case QuestionType::Date:
      key(out, "n");
      num(out, r.date.n);
      out += ",\"missing\":0,";
      key(out, "min");
      if (r.date.n)
        append_json_string(out, r.date.min);
      else
        out += "null";
      out += ',';
      key(out, "max");
      if (r.date.n)
        append_json_string(out, r.date.max);
      else
        out += "null";
      break;
    case QuestionType::Text:
    case QuestionType::Info:
      key(out, "n");
      num(out, r.n);
      out += ",\"missing\":0";
      break;
  }
  out += '}';
}

void write_tables_body(std::string& out, const Tables& t) {
  key(out, "responses");
  num(out, t.responses);
  out += ',';
  key(out, "questions");
  out += '{';
  bool first = true;
  for (const auto& q : t.questions) {
    if (!first) out += ',';
    first = false;
    key(out, q.question->id);
    write_question(out, q);
  }
  out += "},";
  key(out, "indicators");
  out += '{';
  first = true;
  for (const auto& ind : t.indicators) {
    if (!first) out += ',';
    first = false;
    key(out, ind.indicator->id);
    out += '{';
    if (ind.suppressed) {
      out += "\"suppressed\":true";
    } else {
      key(out, "n");
      num(out, ind.n);
      out += ',';
      write_share(out, ind.count, ind.n, ind.share, ind.ci);
    }
    out += '}';
  }
  out += '}';
}

}  // namespace

std::string results_to_json(const Results& results) {
  const model::Questionnaire& q = *results.questionnaire;
  std::string out;
  out.reserve(4096);
  out += '{';
  key(out, "survey");
  append_json_string(out, q.id);
  out += ',';
  key(out, "version");
  num(out, static_cast<int64_t>(q.version));
  out += ',';
  key(out, "min_cell");
  num(out, static_cast<int64_t>(q.min_cell));
  out += ',';
  write_tables_body(out, results.overall);
  if (results.by) {
    out += ',';
    key(out, "by");
    out += '{';
    key(out, "question");
    append_json_string(out, results.by->question->id);
    out += ',';
    key(out, "unanswered");
    num(out, results.by->unanswered);
    out += ',';
    key(out, "groups");
    out += '{';
    bool first = true;
    for (const auto& g : results.by->groups) {
      if (!first) out += ',';
      first = false;
      key(out, g.code);
      out += '{';
      if (g.suppressed)
        out += "\"suppressed\":true";
      else
        write_tables_body(out, g.tables);
      out += '}';
    }
    out += "}}";
  }
  if (results.trend) {
    out += ',';
    key(out, "trend");
    out += '{';
    key(out, "waves");
    out += '[';
    bool first = true;
    for (const auto& w : results.trend->waves) {
      if (!first) out += ',';
      first = false;
      out += '{';
      key(out, "version");
      num(out, static_cast<int64_t>(w.questionnaire->version));
      out += ',';
      write_tables_body(out, w.tables);
      out += '}';
    }
    out += "],";
    key(out, "notes");
    out += '[';
    first = true;
    for (const auto& n : results.trend->notes) {
      if (!first) out += ',';
      first = false;
      out += '{';
      key(out, "version");
      num(out, static_cast<int64_t>(n.version));
      out += ',';
      key(out, "question");
      append_json_string(out, n.question);
      out += ',';
      key(out, "option");
      append_json_string(out, n.option);
      out += ',';
      key(out, "message");
      append_json_string(out, n.message);
      out += '}';
    }
    out += "]}";
  }
  out += '}';
  return out;
}

}  // namespace otos::analysis
