// CSV and JSON exports and the codebook CSV (streaming through a Sink in ~1 MiB chunks).
#include "analysis/csv.h"
#include "analysis/export.h"

namespace otos::analysis {
namespace {
constexpr size_t kChunk = 1 << 20;
}

void export_csv(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                const Sink& sink) {
  const std::vector<ExportColumn> cols = export_columns(q, lang);
  std::string out;
  out.reserve(kChunk + 64 * 1024);
  bool first = true;
  for (auto f : kFixedColumns) {
    if (!first) out += ',';
    first = false;
    append_csv_text(out, f);
  }
  for (const auto& c : cols) {
    out += ',';
    append_csv_text(out, c.name);
  }
  out += "\r\n";
  std::string cell;
  rows([&](const storage::ResponseRow& r, const Answers& answers) {
    append_csv_text(out, r.id);
    out += ',';
    append_csv_text(out, r.submitted_at);
    out += ',';
    out += std::to_string(r.version);
    out += ',';
    append_csv_text(out, r.lang);
    for (const auto& c : cols) {
      out += ',';
      cell.clear();
      append_cell_value(cell, c, answers);
      if (c.kind == ColumnKind::Number || c.kind == ColumnKind::Flag)
        append_csv_number(out, cell);
      else
        append_csv_text(out, cell);
    }
    out += "\r\n";
    if (out.size() >= kChunk) {
      sink(out);
      out.clear();
    }
  });
  if (!out.empty()) sink(out);
}

std::string codebook_csv(const model::Questionnaire& q, const std::string& lang) {
  std::string out = "variable,question,text,type,codes,missing_codes\r\n";
  for (const auto& e : codebook(export_columns(q, lang), lang, q)) {
    for (const std::string* cell : {&e.variable, &e.question, &e.text, &e.type, &e.codes}) {
      append_csv_text(out, *cell);
      out += ',';
    }
    append_csv_text(out, e.missing_codes);
    out += "\r\n";
  }
  return out;
}

void export_json(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                 const Sink& sink) {
  std::string out = "{\"survey\":";
  append_json_string(out, q.id);
  out += ",\"version\":" + std::to_string(q.version) + ",\"codebook\":[";
  bool first = true;
  for (const auto& e : codebook(export_columns(q, lang), lang, q)) {
    if (!first) out += ',';
    first = false;
    out += "{\"variable\":";
    append_json_string(out, e.variable);
    out += ",\"question\":";
    append_json_string(out, e.question);
    out += ",\"text\":";
    append_json_string(out, e.text);
    out += ",\"type\":";
    append_json_string(out, e.type);
    out += ",\"codes\":";
    append_json_string(out, e.codes);
    out += ",\"missing_codes\":";
    append_json_string(out, e.missing_codes);
    out += '}';
  }
  out += "],\"responses\":[";
  first = true;
  rows([&](const storage::ResponseRow& r, const Answers& answers) {
    if (!first) out += ',';
    first = false;
    out += "{\"id\":";
    append_json_string(out, r.id);
    out += ",\"submitted_at\":";
    append_json_string(out, r.submitted_at);
    out += ",\"version\":" + std::to_string(r.version) + ",\"lang\":";
    append_json_string(out, r.lang);
    out += ",\"answers\":";
    out += answers_to_json(answers);
    out += '}';
    if (out.size() >= kChunk) {
      sink(out);
      out.clear();
    }
  });
  out += "]}";
  sink(out);
}

}  // namespace otos::analysis
