// Export columns, cell values and the codebook.
#include "analysis/export_layout.h"

namespace otos::analysis {

using model::QuestionType;

std::vector<ExportColumn> export_columns(const model::Questionnaire& q, const std::string& lang) {
  std::vector<ExportColumn> cols;
  const std::string& def = q.default_language();
  for (const model::Question* question : q.questions()) {
    const std::string text = question->text.in(lang, def);
    ExportColumn c;
    c.question = question;
    c.name = question->id;
    c.label = text;
    switch (question->type) {
      case QuestionType::SingleChoice:
      case QuestionType::Likert:
        c.kind = ColumnKind::Code;
        cols.push_back(c);
        break;
      case QuestionType::MultiChoice:
        for (const auto& o : question->options) {
          ExportColumn f = c;
          f.kind = ColumnKind::Flag;
          f.option = &o;
          f.name = question->id + "__" + o.code;
          f.label = text + ": " + o.label.in(lang, def);
          cols.push_back(std::move(f));
        }
        break;
      case QuestionType::Matrix:
        for (const auto& r : question->rows) {
          ExportColumn m = c;
          m.kind = ColumnKind::MatrixRow;
          m.row = &r;
          m.name = question->id + "__" + r.id;
          m.label = text + ": " + r.text.in(lang, def);
          cols.push_back(std::move(m));
        }
        break;
      case QuestionType::Number:
        c.kind = ColumnKind::Number;
        cols.push_back(c);
        break;
      case QuestionType::Text:
        c.kind = ColumnKind::Text;
        cols.push_back(c);
        break;
      case QuestionType::Date:
        c.kind = ColumnKind::Date;
        cols.push_back(c);
        break;
      case QuestionType::Info:
        break;
    }
  }
  return cols;
}

void append_cell_value(std::string& out, const ExportColumn& column, const Answers& answers) {
  auto it = answers.find(column.question->id);
  if (it == answers.end()) return;
  const AnswerValue& v = it->second;
  switch (column.kind) {
    case ColumnKind::Code:
    case ColumnKind::Text:
    case ColumnKind::Date:
      if (const auto* s = std::get_if<std::string>(&v)) out += *s;
      break;
    case ColumnKind::Flag:
      if (const auto* c = std::get_if<Codes>(&v)) {
        bool hit = false;
        for (const auto& code : *c) hit = hit || code == column.option->code;
        out += hit ? '1' : '0';
      }
      break;
    case ColumnKind::MatrixRow:
      if (const auto* m = std::get_if<MatrixAnswer>(&v)) {
        auto cell = m->find(column.row->id);
        if (cell != m->end()) out += cell->second;
      }
      break;
    case ColumnKind::Number:
      if (const auto* d = std::get_if<double>(&v)) append_json_number(out, *d);
      break;
  }
}

void append_cell_value(std::string& out, const ExportColumn& column, const FlatAnswers& answers) {
  const FlatValue* v = answers.find(column.question->id);
  if (!v) return;
  switch (column.kind) {
    case ColumnKind::Code:
    case ColumnKind::Text:
    case ColumnKind::Date:
      if (v->kind == FlatKind::String) out += v->text;
      break;
    case ColumnKind::Flag:
      if (v->kind == FlatKind::Codes) {
        bool hit = false;
        for (uint32_t k = 0; k < v->count; ++k)
          hit = hit || answers.item(v->first + k) == column.option->code;
        out += hit ? '1' : '0';
      }
      break;
    case ColumnKind::MatrixRow:
      if (v->kind == FlatKind::Matrix) {
        for (uint32_t k = 0; k < v->count; ++k)
          if (answers.item(v->first + 2 * k) == column.row->id) {
            out += answers.item(v->first + 2 * k + 1);
            break;
          }
      }
      break;
    case ColumnKind::Number:
      if (v->kind == FlatKind::Number) append_json_number(out, v->number);
      break;
  }
}

void append_cell_value(std::string& out, const ExportColumn& column,
                       const packed::PackedReader& answers) {
  const model::Question& q = *column.question;
  const packed::PackedValue* v = answers.find(q.order);
  if (!v) return;
  switch (column.kind) {
    case ColumnKind::Code:
      out += q.options[v->code].code;
      break;
    case ColumnKind::Text:
    case ColumnKind::Date:
      out += v->text;
      break;
    case ColumnKind::Flag: {
      const auto option = static_cast<uint32_t>(column.option - q.options.data());
      const uint32_t* items = answers.items(v->first);
      bool hit = false;
      for (uint32_t k = 0; k < v->count; ++k) hit = hit || items[k] == option;
      out += hit ? '1' : '0';
      break;
    }
    case ColumnKind::MatrixRow: {
      const auto row = static_cast<uint32_t>(column.row - q.rows.data());
      const uint32_t* pairs = answers.items(v->first);
      for (uint32_t k = 0; k < v->count; ++k)
        if (pairs[2 * k] == row) {
          out += q.options[pairs[2 * k + 1]].code;
          break;
        }
      break;
    }
    case ColumnKind::Number:
      append_json_number(out, v->number);
      break;
  }
}

std::vector<CodebookEntry> codebook(const std::vector<ExportColumn>& columns,
                                    const std::string& lang, const model::Questionnaire& q) {
  const std::string& def = q.default_language();
  std::vector<CodebookEntry> out;
  out.push_back({"id", "", "response id", "text", "", ""});
  out.push_back({"submitted_at", "", "submission time (ISO 8601 UTC)", "text", "", ""});
  out.push_back({"version", "", "questionnaire version (wave)", "number", "", ""});
  out.push_back({"lang", "", "language the form was answered in", "text", "", ""});
  for (const auto& c : columns) {
    CodebookEntry e;
    e.variable = c.name;
    e.question = c.question->id;
    e.text = c.label;
    e.type = std::string(model::to_string(c.question->type));
    if (c.kind == ColumnKind::Flag) {
      e.codes = "0=not chosen; 1=chosen";
      if (c.option->missing) e.missing_codes = "(option is missing-coded)";
    } else if (c.kind == ColumnKind::Code || c.kind == ColumnKind::MatrixRow) {
      for (const auto& o : c.question->options) {
        if (!e.codes.empty()) e.codes += "; ";
        e.codes += o.code + "=" + o.label.in(lang, def);
        if (o.missing) {
          if (!e.missing_codes.empty()) e.missing_codes += "; ";
          e.missing_codes += o.code;
        }
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace otos::analysis
